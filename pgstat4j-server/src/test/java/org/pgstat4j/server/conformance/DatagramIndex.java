package org.pgstat4j.server.conformance;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.transport.pcap.PcapReader;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * The collector datagrams of a capture, decoded, with what each one names — OIDs (database,
 * table, index, function), slot names — so that a mismatch can list the datagrams that touched
 * its row. Rows without an OID (pg_stat_bgwriter, pg_stat_wal, pg_stat_archiver, pg_stat_slru)
 * are touched by their message types and the shared reset.
 *
 * <p>Invariant: indexes are those of the replay (0-based among the collector's datagrams, in
 * capture order).
 */
final class DatagramIndex {
    private record Entry(long index, long micros, StatMessage message, Set<Object> names, String problem,
                         boolean selfTest) {
    }

    /** PostgreSQL's socket self-test: one byte, 199. */
    private static final byte SELF_TEST = (byte) 199;

    private static final Map<String, Set<StatMsgType>> BY_VIEW = Map.of(
            "pg_stat_bgwriter", Set.of(StatMsgType.BGWRITER, StatMsgType.RESETSHAREDCOUNTER),
            "pg_stat_wal", Set.of(StatMsgType.WAL, StatMsgType.RESETSHAREDCOUNTER),
            "pg_stat_archiver", Set.of(StatMsgType.ARCHIVER, StatMsgType.RESETSHAREDCOUNTER),
            "pg_stat_slru", Set.of(StatMsgType.SLRU, StatMsgType.RESETSLRUCOUNTER));

    private final List<Entry> entries = new ArrayList<>();

    DatagramIndex(Path capture, int port, long lastIndex) throws IOException {
        try (PcapReader r = new PcapReader(java.nio.file.Files.newInputStream(capture))) {
            long i = 0;
            for (UdpDatagram d = r.next(); d != null && i <= lastIndex; d = r.next()) {
                if (!CaptureReplay.collectorDatagram(d) || d.destinationPort() != port) {
                    continue;
                }
                StatMessage m;
                String problem = null;
                try {
                    m = MessageCodec.decode(d.payload());
                } catch (RuntimeException e) {
                    m = null;
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d.payload()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    problem = e.getMessage() + "; " + d.payload().length + " bytes, type "
                            + (d.payload().length >= 4 ? b.getInt(0) : -1) + ", size field "
                            + (d.payload().length >= 8 ? b.getInt(4) : -1) + ", head " + java.util.HexFormat.of()
                            .formatHex(d.payload(), 0, Math.min(96, d.payload().length));
                }
                Set<Object> names = new HashSet<>();
                if (m != null) {
                    collect(m, names);
                }
                entries.add(new Entry(i++, d.timestampMicros(), m, names, problem,
                        d.payload().length == 1 && d.payload()[0] == SELF_TEST));
            }
        }
    }

    /** Collects the values of components that name an object: *Id, *Ids, *Oid, slotName. */
    private static void collect(Object o, Set<Object> names) {
        if (o instanceof List<?> l) {
            l.forEach(e -> collect(e, names));
        } else if (o != null && o.getClass().isRecord()) {
            for (RecordComponent c : o.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                String n = c.getName().toLowerCase(java.util.Locale.ROOT);
                boolean naming = n.endsWith("id") || n.endsWith("ids") || n.endsWith("oid") || n.equals("slotname");
                if (naming && v instanceof Integer i) {
                    names.add(i);
                } else if (naming && v instanceof int[] a) {
                    for (int i : a) {
                        names.add(i);
                    }
                } else if (naming && v instanceof String str) {
                    names.add(str);
                } else {
                    collect(v, names);
                }
            }
        }
    }

    /** The datagrams with indexes in [{@code from}, {@code to}], one line each. */
    List<String> range(long from, long to) {
        return entries.stream().filter(e -> e.index() >= from && e.index() <= to).map(DatagramIndex::line).toList();
    }

    private static String line(Entry e) {
        return "#" + e.index() + " " + Instant.ofEpochSecond(0, e.micros() * 1000) + " "
                + (e.message() == null ? "(undecodable: " + e.problem() + ")" : e.message());
    }

    /**
     * The datagrams pgstat4j's decoder refuses, one line each — except the postmaster's one-byte
     * socket self-test (199, sent once when the socket is made and read back before the
     * collector starts), which a capture of the collector's whole life begins with.
     */
    List<String> undecodable() {
        return entries.stream().filter(e -> e.message() == null && !(e.index() == 0 && e.selfTest()))
                .map(DatagramIndex::line).toList();
    }

    /** How many datagrams are the socket's self-test byte. */
    long selfTests() {
        return entries.stream().filter(e -> e.index() == 0 && e.selfTest()).count();
    }

    int size() {
        return entries.size();
    }

    /**
     * The datagrams that touched a row of {@code view} (given by its key, e.g.
     * {@code relid=16385 indexrelid=16390}), one line each, at most {@code limit} (the last ones).
     */
    List<String> touching(String view, String key, int limit) {
        Set<Object> wanted = new HashSet<>();
        for (String part : key.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String v = part.substring(eq + 1);
                try {
                    wanted.add(Integer.parseUnsignedInt(v));
                } catch (NumberFormatException e) {
                    wanted.add(v);
                }
            }
        }
        Set<StatMsgType> types = BY_VIEW.getOrDefault(view, Set.of());
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            boolean byType = e.message() != null && types.contains(e.message().type());
            boolean byName = !wanted.isEmpty() && e.names().stream().anyMatch(wanted::contains);
            if (byType || byName) {
                out.add(line(e));
            }
        }
        if (out.size() > limit) {
            int more = out.size() - limit;
            List<String> tail = new ArrayList<>(out.subList(out.size() - limit, out.size()));
            tail.addFirst("... " + more + " earlier datagrams");
            return tail;
        }
        return out;
    }
}
