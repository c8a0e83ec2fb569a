package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.DisconnectMessage;
import org.pgstat4j.protocol.TabStatMessage;

/** Session statistics (spec §4.10, §10.3 item 14): CONNECT/DISCONNECT, end causes, times. */
class SessionStatsTest {
    private static final long START = FakeClock.START;

    private static Fixture session(BackendType type) {
        return new Fixture(b -> b.type(type).startTimestamp(START));
    }

    @Test
    void normalSessionConnectsAndDisconnectsWithItsTime() {
        Fixture f = session(BackendType.CLIENT_BACKEND);
        f.backend.reportConnect();
        f.clock.advanceMillis(1500);
        f.backend.close();
        assertThat(f.sender.messages.get(0)).isEqualTo(new ConnectMessage(Fixture.DB));
        assertThat(f.sender.messages.get(1)).isEqualTo(new DisconnectMessage(Fixture.DB, DisconnectMessage.NORMAL));
        TabStatMessage last = (TabStatMessage) f.sender.messages.get(2);
        assertThat(last.sessionTime()).isEqualTo(1_500_000);
    }

    @Test
    void sessionTimeIsSentInSlicesThatAddUp() {
        Fixture f = session(BackendType.CLIENT_BACKEND);
        f.backend.reportConnect();
        f.clock.advanceMillis(700);
        f.autocommit(() -> { });
        f.backend.reportStat(false);
        f.clock.advanceMillis(5000); // idle: nothing is sent meanwhile
        f.autocommit(() -> { });
        f.backend.reportStat(false);
        f.clock.advanceMillis(300);
        f.backend.close();
        assertThat(f.sender.tabstats()).extracting(TabStatMessage::sessionTime)
                .containsExactly(700_000L, 5_000_000L, 300_000L);
    }

    @ParameterizedTest
    @EnumSource(value = SessionEndCause.class, names = {"CLIENT_EOF", "FATAL", "KILLED"})
    void endCauseIsSent(SessionEndCause cause) {
        Fixture f = session(BackendType.CLIENT_BACKEND);
        f.backend.session().setEndCause(cause);
        f.backend.close();
        assertThat(f.sender.of(DisconnectMessage.class)).containsExactly(new DisconnectMessage(Fixture.DB, cause.code()));
    }

    @Test
    void causeCodesArePostgres14s() {
        assertThat(List.of(SessionEndCause.values())).extracting(SessionEndCause::code).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void fatalErrorDoesNotHideAnEarlierCause() {
        Fixture idleTimeout = session(BackendType.CLIENT_BACKEND);
        idleTimeout.backend.session().noteFatalError();
        assertThat(idleTimeout.backend.session().endCause()).isEqualTo(SessionEndCause.FATAL);

        Fixture terminated = session(BackendType.CLIENT_BACKEND);
        terminated.backend.session().setEndCause(SessionEndCause.KILLED);
        terminated.backend.session().noteFatalError();
        assertThat(terminated.backend.session().endCause()).isEqualTo(SessionEndCause.KILLED);
    }

    @Test
    void activeAndIdleInTransactionTimeFollowStateChanges() {
        Fixture f = session(BackendType.CLIENT_BACKEND);
        SessionStats s = f.backend.session();
        s.reportActivity(BackendState.IDLE);
        f.clock.advanceMillis(100); // idle: not counted
        s.reportActivity(BackendState.RUNNING);
        f.clock.advanceMillis(30);
        s.reportActivity(BackendState.IDLE_IN_TRANSACTION);
        f.clock.advanceMillis(20);
        s.reportActivity(BackendState.FASTPATH);
        f.clock.advanceMillis(5);
        s.reportActivity(BackendState.IDLE_IN_TRANSACTION_ABORTED);
        f.clock.advanceMillis(7);
        s.reportActivity(BackendState.RUNNING);
        f.clock.advanceMillis(10);
        s.reportActivity(BackendState.IDLE);
        f.autocommit(() -> { });
        f.backend.reportStat(false);
        TabStatMessage m = f.sender.tabstats().getFirst();
        assertThat(m.activeTime()).isEqualTo(45_000);
        assertThat(m.idleInXactTime()).isEqualTo(27_000);
    }

    @Test
    void reportingTheSameStateAgainRestartsItsClockWithoutAccounting() {
        // only a change of state accounts time; a repeated report (e.g. several Execute
        // messages before Sync) moves the state's start, as in PostgreSQL 14
        Fixture f = session(BackendType.CLIENT_BACKEND);
        SessionStats s = f.backend.session();
        s.reportActivity(BackendState.RUNNING);
        f.clock.advanceMillis(10);
        s.reportActivity(BackendState.RUNNING);
        f.clock.advanceMillis(5);
        s.reportActivity(BackendState.IDLE);
        f.backend.close();
        assertThat(f.sender.tabstats().getFirst().activeTime()).isEqualTo(5_000);
    }

    @Test
    void trackActivitiesOffKeepsActiveAndIdleTimeAtZero() {
        Fixture f = session(BackendType.CLIENT_BACKEND);
        f.settings.trackActivities(false);
        SessionStats s = f.backend.session();
        s.reportActivity(BackendState.RUNNING);
        f.clock.advanceMillis(30);
        s.reportActivity(BackendState.IDLE_IN_TRANSACTION);
        f.clock.advanceMillis(30);
        s.reportActivity(BackendState.IDLE);
        assertThat(s.state()).isEqualTo(BackendState.DISABLED);
        f.settings.trackActivities(true);
        s.reportActivity(BackendState.RUNNING); // leaving DISABLED accounts nothing
        f.backend.close();
        TabStatMessage m = f.sender.tabstats().getFirst();
        assertThat(m.activeTime()).isZero();
        assertThat(m.idleInXactTime()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = BackendType.class, names = {"AUTOVACUUM_WORKER", "WAL_SENDER", "BACKGROUND_WORKER", "PARALLEL_WORKER"})
    void onlyClientBackendsReportSessions(BackendType type) {
        Fixture f = session(type);
        f.backend.reportConnect();
        f.backend.session().countConnActiveTime(123);
        f.clock.advanceMillis(1000);
        f.backend.commitTransaction();
        f.backend.close();
        assertThat(f.sender.of(ConnectMessage.class)).isEmpty();
        assertThat(f.sender.of(DisconnectMessage.class)).isEmpty();
        TabStatMessage m = f.sender.tabstats().getFirst();
        assertThat(new long[] {m.sessionTime(), m.activeTime(), m.idleInXactTime()}).containsOnly(0);
    }

    @Test
    void parallelWorkersDoNotCountTransactions() {
        Fixture f = session(BackendType.PARALLEL_WORKER);
        f.autocommit(() -> f.insert(1, 1));
        f.backend.close();
        assertThat(f.sender.tabstats().getFirst().xactCommit()).isZero();
        assertThat(f.entry(1).tuplesInserted()).isEqualTo(1);
    }

    @Test
    void autovacuumWorkerCountsTransactions() {
        Fixture f = session(BackendType.AUTOVACUUM_WORKER);
        f.backend.commitTransaction();
        f.backend.close();
        assertThat(f.sender.tabstats().getFirst().xactCommit()).isEqualTo(1);
    }
}
