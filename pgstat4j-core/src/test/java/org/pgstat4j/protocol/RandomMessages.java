package org.pgstat4j.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but valid records of every message type, from a caller's seeded {@link Random}.
 * Values cover the whole range of each field (OIDs above 2^31, negative and huge counters,
 * multi-byte UTF-8 names up to their byte limit), restricted only where a field is by design
 * not carried back: REPLSLOT create/drop messages carry zero counters and a RESETREPLSLOTCOUNTER
 * for all slots carries the empty name (see those records).
 */
final class RandomMessages {
    /** Characters of 1, 2, 3 and 4 UTF-8 bytes; never NUL, which would end a C string. */
    private static final String[] ALPHABET = {"a", "z", "_", "0", "9", "é", "ß", "€", "中", "𝄞"};

    private final Random r;

    RandomMessages(Random r) {
        this.r = r;
    }

    StatMessage any() {
        return of(StatMsgType.values()[r.nextInt(StatMsgType.values().length)]);
    }

    /** A message of type {@code t}; variable types get a random entry count up to the maximum. */
    StatMessage of(StatMsgType t) {
        return of(t, t.isVariable() ? r.nextInt(t.maxEntries() + 1) : 0);
    }

    /** The largest message type {@code t} can produce. */
    StatMessage largest(StatMsgType t) {
        return of(t, t.maxEntries());
    }

    /** A message of type {@code t} with {@code n} entries (ignored for fixed-size types). */
    StatMessage of(StatMsgType t, int n) {
        return switch (t) {
            case DUMMY -> new DummyMessage();
            case INQUIRY -> new InquiryMessage(counter(), counter(), oid());
            case TABSTAT -> new TabStatMessage(oid(), r.nextInt(), r.nextInt(), counter(), counter(),
                    counter(), counter(), counter(), tableEntries(n));
            case TABPURGE -> new TabPurgeMessage(oid(), oids(n));
            case DROPDB -> new DropDbMessage(oid());
            case RESETCOUNTER -> new ResetCounterMessage(oid());
            case RESETSHAREDCOUNTER -> new ResetSharedCounterMessage(r.nextInt());
            case RESETSINGLECOUNTER -> new ResetSingleCounterMessage(oid(), r.nextInt(), oid());
            case RESETSLRUCOUNTER -> new ResetSlruCounterMessage(r.nextInt());
            case RESETREPLSLOTCOUNTER -> r.nextBoolean()
                    ? new ResetReplSlotCounterMessage("", true)
                    : new ResetReplSlotCounterMessage(name(Wire.NAMEDATALEN - 1), false);
            case AUTOVAC_START -> new AutovacStartMessage(oid(), counter());
            case VACUUM -> new VacuumMessage(oid(), oid(), r.nextBoolean(), counter(), counter(), counter());
            case ANALYZE -> new AnalyzeMessage(oid(), oid(), r.nextBoolean(), r.nextBoolean(), counter(),
                    counter(), counter());
            case ARCHIVER -> new ArchiverMessage(r.nextBoolean(), name(Wire.XLOG_NAME_LEN - 1), counter());
            case BGWRITER -> new BgWriterMessage(counter(), counter(), counter(), counter(), counter(),
                    counter(), counter(), counter(), counter(), counter());
            case WAL -> new WalMessage(counter(), counter(), counter(), counter(), counter(), counter(),
                    counter(), counter());
            case SLRU -> new SlruMessage(r.nextInt(SlruMessage.NUM_SLOTS), counter(), counter(), counter(),
                    counter(), counter(), counter(), counter());
            case FUNCSTAT -> new FuncStatMessage(oid(), functionEntries(n));
            case FUNCPURGE -> new FuncPurgeMessage(oid(), oids(n));
            case RECOVERYCONFLICT -> new RecoveryConflictMessage(oid(), r.nextInt());
            case TEMPFILE -> new TempFileMessage(oid(), counter());
            case DEADLOCK -> new DeadlockMessage(oid());
            case CHECKSUMFAILURE -> new ChecksumFailureMessage(oid(), r.nextInt(), counter());
            case REPLSLOT -> replSlot();
            case CONNECT -> new ConnectMessage(oid());
            case DISCONNECT -> new DisconnectMessage(oid(), r.nextInt());
            case SEQUENCED -> sequenced(n == t.maxEntries());
        };
    }

    /**
     * A random PostgreSQL message behind a random sender and sequence number; the largest
     * envelope wraps a TABPURGE of 242 OIDs, which fills the payload exactly.
     */
    private SequencedMessage sequenced(boolean largest) {
        StatMessage inner;
        if (largest) {
            inner = new TabPurgeMessage(oid(), oids(StatMsgType.TABPURGE.maxEntriesWithin(SequencedMessage.MAX_PAYLOAD)));
        } else {
            StatMsgType t;
            do {
                t = StatMsgType.values()[r.nextInt(StatMsgType.values().length)];
            } while (!t.isPostgreSql());
            inner = of(t, t.isVariable() ? r.nextInt(t.maxEntriesWithin(SequencedMessage.MAX_PAYLOAD) + 1) : 0);
        }
        return new SequencedMessage(r.nextInt(), r.nextInt(), MessageCodec.encode(inner));
    }

    private ReplSlotMessage replSlot() {
        String name = name(Wire.NAMEDATALEN - 1);
        return switch (r.nextInt(4)) {
            case 0 -> ReplSlotMessage.created(name);
            case 1 -> ReplSlotMessage.dropped(name);
            case 2 -> new ReplSlotMessage(name, true, true, 0, 0, 0, 0, 0, 0, 0, 0);
            default -> new ReplSlotMessage(name, false, false, counter(), counter(), counter(),
                    counter(), counter(), counter(), counter(), counter());
        };
    }

    private List<TableEntry> tableEntries(int n) {
        List<TableEntry> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            es.add(new TableEntry(oid(), counter(), counter(), counter(), counter(), counter(),
                    counter(), counter(), r.nextBoolean(), counter(), counter(), counter(), counter(),
                    counter()));
        }
        return es;
    }

    private List<FunctionEntry> functionEntries(int n) {
        List<FunctionEntry> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            es.add(new FunctionEntry(oid(), counter(), counter(), counter()));
        }
        return es;
    }

    private int[] oids(int n) {
        int[] oids = new int[n];
        for (int i = 0; i < n; i++) {
            oids[i] = oid();
        }
        return oids;
    }

    /** Any 32-bit pattern: OIDs are unsigned, so half of them are negative ints. */
    int oid() {
        return r.nextInt();
    }

    /** Small counts most of the time, any 64-bit value some of the time. */
    long counter() {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000);
            case 2 -> -r.nextInt(1000);
            default -> r.nextLong();
        };
    }

    /** A name of at most {@code maxBytes} UTF-8 bytes, often exactly at the limit. */
    String name(int maxBytes) {
        int target = r.nextBoolean() ? maxBytes : r.nextInt(maxBytes + 1);
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int tries = 0; tries < 4 * maxBytes && bytes < target; tries++) {
            String c = ALPHABET[r.nextInt(ALPHABET.length)];
            int len = c.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len <= target) {
                sb.append(c);
                bytes += len;
            }
        }
        return sb.toString();
    }
}
