package org.pgstat4j.server.demo;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.server.workload.Index;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.SqlFunction;
import org.pgstat4j.server.workload.Table;

/**
 * pgbench's schema at scale 1, as {@code pgbench -i} leaves it: {@code pgbench_branches}
 * (1 row), {@code pgbench_tellers} (10), {@code pgbench_accounts} (100 000, 61 rows to a
 * page as in PostgreSQL) with primary keys, an empty {@code pgbench_history}, all vacuumed and
 * analyzed; plus a PL/pgSQL function {@code f_transfer} that moves money between accounts,
 * and optionally {@code extra} tables {@code extra_0001...} to show many tables at once.
 */
final class PgbenchSchema {
    static final int BRANCHES = 1;
    static final int TELLERS = 10;
    static final int ACCOUNTS = 100_000;

    final Schema db;
    final Table branches;
    final Table tellers;
    final Table accounts;
    final Table history;
    final SqlFunction transfer;
    final List<Table> extras = new ArrayList<>();

    private PgbenchSchema(Schema db, int extraTables) {
        this.db = db;
        branches = db.createTable("pgbench_branches", true, 200);
        tellers = db.createTable("pgbench_tellers", true, 200);
        accounts = db.createTable("pgbench_accounts", true, 61);
        history = db.createTable("pgbench_history", false, 100);
        transfer = db.createFunction("f_transfer", "plpgsql");
        for (int i = 1; i <= extraTables; i++) {
            extras.add(db.createTable(String.format("extra_%04d", i), true));
        }
    }

    /** Creates the objects in {@code db} and loads them with {@code loader}, as {@code pgbench -i} does. */
    static PgbenchSchema create(Schema db, int extraTables, Session loader) {
        PgbenchSchema s = new PgbenchSchema(db, extraTables);
        loader.begin();
        loader.insert(s.branches, BRANCHES);
        loader.insert(s.tellers, TELLERS);
        loader.insert(s.accounts, ACCOUNTS);
        loader.commit();
        for (Table t : List.of(s.branches, s.tellers, s.accounts, s.history)) {
            loader.vacuum(t);
            loader.analyze(t);
        }
        return s;
    }

    Index accountsPkey() {
        return accounts.primaryKey();
    }
}
