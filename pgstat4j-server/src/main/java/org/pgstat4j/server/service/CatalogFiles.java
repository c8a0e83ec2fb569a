package org.pgstat4j.server.service;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.catalog.Catalog;

/**
 * A catalog directory that may change while a server runs — a host process rewrites it
 * ({@link Catalog#writeCsvDirectory}) as it creates tables. {@link #current()} reloads it when
 * the files' modification times change, looking at most once a second; a directory that
 * cannot be read (or is half-updated) keeps the previous catalog and is logged once per change.
 */
public final class CatalogFiles {
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private static final List<String> FILES = List.of("pg_database.csv", "pg_class.csv", "pg_proc.csv");
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server");

    private final Path dir;
    private volatile Catalog catalog;
    private List<FileTime> stamps;
    private long nextCheck;

    private CatalogFiles(Path dir, Catalog first, List<FileTime> stamps) {
        this.dir = dir;
        this.catalog = first;
        this.stamps = stamps;
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
    }

    /** Loads {@code dir}; its errors are the caller's (a bad catalog at start is a usage error). */
    public static CatalogFiles open(Path dir) throws IOException {
        List<FileTime> stamps = stamps(dir);
        return new CatalogFiles(dir, Catalog.loadCsvDirectory(dir), stamps);
    }

    public Path directory() {
        return dir;
    }

    /** The catalog as the files say now (reloaded if they changed since the last look). */
    public Catalog current() {
        synchronized (this) {
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                nextCheck = now + CHECK_INTERVAL_NANOS;
                reloadIfChanged();
            }
        }
        return catalog;
    }

    private void reloadIfChanged() {
        List<FileTime> seen;
        try {
            seen = stamps(dir);
        } catch (IOException e) {
            return; // being replaced: look again next time
        }
        if (seen.equals(stamps)) {
            return;
        }
        stamps = seen;
        try {
            catalog = Catalog.loadCsvDirectory(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "catalog directory \"" + dir + "\" could not be reloaded, keeping the previous one: "
                    + e.getMessage());
        }
    }

    private static List<FileTime> stamps(Path dir) throws IOException {
        List<FileTime> out = new ArrayList<>();
        for (String f : FILES) {
            out.add(Files.getLastModifiedTime(dir.resolve(f)));
        }
        return out;
    }
}
