package org.pgstat4j.server.service;

import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A {@link StatsService} that reads stats files it cannot change anything behind: a data
 * directory's files read from outside the server ({@code top}, {@code views}) or a passive
 * mirror's own files. It owns the files, the catalog and the database it shows; it sends
 * nothing ({@link #sender()} is disabled) and is never {@link #writable()}, since a reset
 * would have to reach a collector it does not own. Subclasses say how readers are made and
 * what health they can see.
 */
public abstract class ReadOnlyStatsService implements StatsService {
    /** The stats files readers load. */
    protected final StatsFiles files;
    private final Catalog catalog;
    private final int databaseId;

    protected ReadOnlyStatsService(StatsFiles files, Catalog catalog, int databaseId) {
        this.files = files;
        this.catalog = catalog;
        this.databaseId = databaseId;
    }

    @Override
    public final int databaseId() {
        return databaseId;
    }

    @Override
    public final Catalog catalog() {
        return catalog;
    }

    /** Nothing can be sent to the statistics behind the files. */
    @Override
    public final StatsSender sender() {
        return StatsSender.disabled();
    }

    @Override
    public final boolean writable() {
        return false;
    }
}
