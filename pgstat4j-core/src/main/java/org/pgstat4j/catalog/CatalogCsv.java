package org.pgstat4j.catalog;

import org.pgstat4j.backend.RelKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the catalog directory format: three {@code psql --csv} exports with a header line,
 * {@code pg_database.csv (oid,datname)},
 * {@code pg_class.csv (oid,nspname,relname,relkind,indrelid,reltoastrelid,relisshared)} and
 * {@code pg_proc.csv (oid,nspname,proname)}. Every problem is reported with file and line.
 */
final class CatalogCsv {
    static final String DATABASE_FILE = "pg_database.csv";
    static final String CLASS_FILE = "pg_class.csv";
    static final String PROC_FILE = "pg_proc.csv";
    private static final List<String> DATABASE_HEADER = List.of("oid", "datname");
    private static final List<String> CLASS_HEADER =
            List.of("oid", "nspname", "relname", "relkind", "indrelid", "reltoastrelid", "relisshared");
    private static final List<String> PROC_HEADER = List.of("oid", "nspname", "proname");

    private CatalogCsv() {
    }

    /**
     * Writes the three files so that {@link #load} reads the same catalog back. Each file is
     * written under a temporary name and renamed into place, so a reader never sees half a file.
     */
    static void write(Catalog c, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder db = line(new StringBuilder(), DATABASE_HEADER);
        for (PgDatabase d : c.databases()) {
            line(db, List.of(Integer.toUnsignedString(d.oid()), d.datname()));
        }
        StringBuilder cls = line(new StringBuilder(), CLASS_HEADER);
        for (PgClass r : c.relations()) {
            line(cls, java.util.Arrays.asList(Integer.toUnsignedString(r.oid()), r.nspname(), r.relname(),
                    String.valueOf(r.relkind().code()), r.indrelid() == 0 ? null : Integer.toUnsignedString(r.indrelid()),
                    Integer.toUnsignedString(r.reltoastrelid()), r.relisshared() ? "t" : "f"));
        }
        StringBuilder proc = line(new StringBuilder(), PROC_HEADER);
        for (PgProc f : c.functions()) {
            line(proc, List.of(Integer.toUnsignedString(f.oid()), f.nspname(), f.proname()));
        }
        replace(dir.resolve(DATABASE_FILE), db);
        replace(dir.resolve(CLASS_FILE), cls);
        replace(dir.resolve(PROC_FILE), proc);
    }

    /** One CSV record as psql writes it: NULL empty, quotes only where needed. */
    private static StringBuilder line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (f == null) {
                continue;
            }
            if (f.isEmpty() || f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
                    || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.append('\n');
    }

    private static void replace(Path file, CharSequence content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** One CSV record with where it came from, so that value errors can name the line. */
    private record Row(String file, long line, List<String> fields) {
        String get(int i) {
            return fields.get(i);
        }

        CatalogFormatException error(String problem) {
            return new CatalogFormatException(file, line, problem);
        }

        String required(int i, String column) throws CatalogFormatException {
            String v = fields.get(i);
            if (v == null) {
                throw error(column + " is empty (NULL)");
            }
            return v;
        }

        int oid(int i, String column, boolean zeroAllowed) throws CatalogFormatException {
            String v = fields.get(i);
            if (v == null) {
                if (zeroAllowed) {
                    return 0;
                }
                throw error(column + " is empty (NULL)");
            }
            long n = -1;
            if (!v.isEmpty() && v.length() <= 10 && v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                n = Long.parseLong(v);
            }
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw error(column + " \"" + v + "\" is not an OID (an unsigned 32-bit integer)");
            }
            if (n == 0 && !zeroAllowed) {
                throw error(column + " must not be 0");
            }
            return (int) n;
        }
    }

    static Catalog load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "catalog directory does not exist");
        }
        Catalog c = new Catalog();
        // row by row: a million relations are never held as text at once
        read(dir, DATABASE_FILE, DATABASE_HEADER, r -> {
            int oid = r.oid(0, "oid", false);
            if (c.database(oid) != null) {
                throw r.error("duplicate database OID " + Integer.toUnsignedString(oid));
            }
            String datname = r.required(1, "datname");
            add(r, () -> c.addDatabase(new PgDatabase(oid, datname)));
        });
        read(dir, CLASS_FILE, CLASS_HEADER, r -> {
            int oid = r.oid(0, "oid", false);
            if (c.relation(oid) != null) {
                throw r.error("duplicate relation OID " + Integer.toUnsignedString(oid));
            }
            String nspname = r.required(1, "nspname");
            String relname = r.required(2, "relname");
            String kind = r.required(3, "relkind");
            RelKind relkind;
            try {
                if (kind.length() != 1) {
                    throw new IllegalArgumentException(kind);
                }
                relkind = RelKind.fromCode(kind.charAt(0));
            } catch (IllegalArgumentException e) {
                throw r.error("relkind \"" + kind + "\" is not a PostgreSQL relation kind");
            }
            int indrelid = r.oid(4, "indrelid", true);
            int toast = r.oid(5, "reltoastrelid", true);
            boolean shared = switch (r.required(6, "relisshared")) {
                case "t" -> true;
                case "f" -> false;
                default -> throw r.error("relisshared \"" + r.get(6) + "\" is not t or f");
            };
            add(r, () -> c.addRelation(new PgClass(oid, nspname, relname, relkind, indrelid, toast, shared)));
        });
        read(dir, PROC_FILE, PROC_HEADER, r -> {
            int oid = r.oid(0, "oid", false);
            if (c.function(oid) != null) {
                throw r.error("duplicate function OID " + Integer.toUnsignedString(oid));
            }
            String nspname = r.required(1, "nspname");
            String proname = r.required(2, "proname");
            add(r, () -> c.addFunction(new PgProc(oid, nspname, proname)));
        });
        return c;
    }

    private static void add(Row r, Runnable action) throws CatalogFormatException {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
    }

    /** What is done with each row of a file, in file order. */
    @FunctionalInterface
    private interface RowAction {
        void accept(Row r) throws CatalogFormatException;
    }

    private static void read(Path dir, String name, List<String> header, RowAction action) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "catalog file missing");
        }
        String where = dir.getFileName() + "/" + name;
        try (CsvReader in = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), where)) {
            List<String> first = in.next();
            if (first == null) {
                throw new CatalogFormatException(where, 1, "file is empty; expected the header "
                        + String.join(",", header));
            }
            if (!header.equals(first)) {
                throw new CatalogFormatException(where, 1, "header is " + first + ", expected "
                        + String.join(",", header));
            }
            for (List<String> rec = in.next(); rec != null; rec = in.next()) {
                if (rec.size() != header.size()) {
                    throw new CatalogFormatException(where, in.recordLine(), rec.size()
                            + " fields, expected " + header.size() + " (" + String.join(",", header) + ")");
                }
                action.accept(new Row(where, in.recordLine(), rec));
            }
        }
    }
}
