package org.pgstat4j.storage;

/**
 * PostgreSQL 14's stats file layout (spec §6.6, LP64, little-endian): a format id, the
 * fixed global structs, then tagged records. Offsets of the fixed part are from the start
 * of the global file; record payload offsets are from the byte after the tag.
 *
 * <p>Using PostgreSQL's own layout costs nothing and lets pgstat4j read a PostgreSQL 14
 * {@code pg_stat/} directory.
 *
 * <p>The one way to misuse it: reading a file of another PostgreSQL version or platform with
 * it. The layout is PostgreSQL 14's on LP64 little-endian; the format id tells them apart.
 */
public final class StatsFileFormat {
    /** {@code PGSTAT_FILE_FORMAT_ID} of PostgreSQL 14. */
    public static final int FORMAT_ID = 0x01A5BCA2;

    /** {@code PgStat_GlobalStats} at file offset 4. */
    public static final int GLOBAL_STATS_SIZE = 96;
    /** {@code PgStat_ArchiverStats} at file offset 100. */
    public static final int ARCHIVER_STATS_SIZE = 136;
    /** {@code PgStat_WalStats} at file offset 236. */
    public static final int WAL_STATS_SIZE = 72;
    /** One {@code PgStat_SLRUStats}; eight of them at file offset 308. */
    public static final int SLRU_STATS_SIZE = 64;
    /** Where the tagged records of the global file begin. */
    public static final int GLOBAL_FIXED_SIZE = 4 + GLOBAL_STATS_SIZE + ARCHIVER_STATS_SIZE
            + WAL_STATS_SIZE + 8 * SLRU_STATS_SIZE;

    /** Archiver WAL names: {@code MAX_XFN_CHARS + 1}. */
    public static final int XLOG_NAME_LEN = 41;
    /** Archiver struct offsets. */
    public static final int ARCH_LAST_ARCHIVED_WAL = 8;
    public static final int ARCH_LAST_ARCHIVED_TS = 56;
    public static final int ARCH_FAILED_COUNT = 64;
    public static final int ARCH_LAST_FAILED_WAL = 72;
    public static final int ARCH_LAST_FAILED_TS = 120;
    public static final int ARCH_RESET_TS = 128;

    public static final byte TAG_DATABASE = 'D';
    public static final byte TAG_REPLSLOT = 'R';
    public static final byte TAG_TABLE = 'T';
    public static final byte TAG_FUNCTION = 'F';
    public static final byte TAG_END = 'E';

    /** {@code 'D'} payload: the first 256 bytes of {@code PgStat_StatDBEntry}. */
    public static final int DB_ENTRY_SIZE = 256;
    /** {@code 'R'} payload: {@code PgStat_StatReplSlotEntry}. */
    public static final int REPLSLOT_ENTRY_SIZE = 136;
    public static final int NAMEDATALEN = 64;
    /** {@code 'T'} payload: {@code PgStat_StatTabEntry}. */
    public static final int TAB_ENTRY_SIZE = 184;
    /** {@code 'F'} payload: {@code PgStat_StatFuncEntry}. */
    public static final int FUNC_ENTRY_SIZE = 32;

    /** Offset of {@code stats_timestamp} inside a {@code 'D'} payload. */
    public static final int DB_STATS_TIMESTAMP = 248;

    public static final String GLOBAL_STAT = "global.stat";
    public static final String GLOBAL_TMP = "global.tmp";

    private StatsFileFormat() {
    }

    public static String dbStatName(int databaseId) {
        return "db_" + Integer.toUnsignedString(databaseId) + ".stat";
    }

    public static String dbTmpName(int databaseId) {
        return "db_" + Integer.toUnsignedString(databaseId) + ".tmp";
    }

    /** True for the file names that {@code pgstat_reset_all} deletes. */
    public static boolean isStatsFileName(String name) {
        return name.equals(GLOBAL_STAT) || name.equals(GLOBAL_TMP)
                || name.matches("db_[0-9]+\\.(stat|tmp)");
    }
}
