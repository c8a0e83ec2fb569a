/**
 * PostgreSQL 14's statistics system as a library: per-session backends that count, the
 * statistics socket, the collector, the stats files, snapshots, the catalog and the
 * collector-fed {@code pg_stat_*} views. JDK only.
 *
 * <h2>Where to start</h2>
 * <ul>
 *   <li>{@link org.pgstat4j.postmaster.EmbeddedStats} — the whole system in the host's JVM;
 *       {@link org.pgstat4j.postmaster.StatsClient} — attach to a running
 *       {@code pgstat4j server} from another JVM.</li>
 *   <li>{@link org.pgstat4j.backend.Backend} — one per session (thread): count, end
 *       transactions, flush at idle points.</li>
 *   <li>{@link org.pgstat4j.snapshot.SnapshotReader} → {@link org.pgstat4j.snapshot.Snapshot}
 *       → {@link org.pgstat4j.view.Views} with a {@link org.pgstat4j.catalog.Catalog} — read
 *       the views.</li>
 * </ul>
 *
 * <h2>What is exported</h2>
 * Every package whose types the entry points above take or return, and the building blocks a
 * program built on the library uses (the collector loop, the stats-file reader, the wire
 * layouts, capture reading). {@code org.pgstat4j.transport.unix} — descriptor passing and raw
 * sockets through the foreign function API — is internal: reach it through
 * {@code StatsClient} and the attach service. That package calls native code, so a host on the
 * module path runs with {@code --enable-native-access=org.pgstat4j.core} (on the class path:
 * {@code ALL-UNNAMED}). {@code docs/EMBEDDING.md} tells the lifecycle and threading rules.
 */
module org.pgstat4j.core {
    exports org.pgstat4j.backend;
    exports org.pgstat4j.catalog;
    exports org.pgstat4j.collector;
    exports org.pgstat4j.postmaster;
    exports org.pgstat4j.protocol;
    exports org.pgstat4j.snapshot;
    exports org.pgstat4j.storage;
    exports org.pgstat4j.store;
    exports org.pgstat4j.transport;
    exports org.pgstat4j.transport.pcap;
    exports org.pgstat4j.view;
}
