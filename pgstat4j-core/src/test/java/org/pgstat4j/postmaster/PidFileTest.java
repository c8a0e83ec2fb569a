package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file: one live server per data directory; a stale file is an unclean stop, not a refusal. */
class PidFileTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        dir.initialise();
    }

    @Test
    void aFreshDirectoryIsAcquiredCleanlyAndTheFileReadsBack() throws Exception {
        PidFile mine = PidFile.forThisProcess(dir);
        PidFile.Acquired a = PidFile.acquire(dir, mine);
        assertThat(a.uncleanStop()).isFalse();
        assertThat(a.previous()).isNull();
        assertThat(PidFile.read(dir.pidFile())).contains(mine);
        assertThat(Files.readAllLines(dir.pidFile())).hasSize(7).first().isEqualTo(Long.toString(mine.pid()));

        PidFile ready = mine.withStatsSocket(4242, "127.0.0.1").withCollectorPid(77).withStatus(PidFile.READY);
        PidFile.update(dir, ready);
        assertThat(PidFile.read(dir.pidFile())).contains(ready);
        assertThat(ready.statisticsDisabled()).isFalse();
        assertThat(mine.statisticsDisabled()).isTrue();
        PidFile.remove(dir);
        assertThat(PidFile.read(dir.pidFile())).isEmpty();
    }

    @Test
    void aLiveServerKeepsTheDirectory() throws Exception {
        // another live process (our parent), that started before the file was written
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        PidFile other = new PidFile(live, dir.root(), Instant.now().getEpochSecond(), 5432, "127.0.0.1", 0,
                PidFile.READY);
        PidFile.acquire(dir, other);
        assertThat(other.serverIsAlive()).isTrue();
        assertThatThrownBy(() -> PidFile.acquire(dir, PidFile.forThisProcess(dir)))
                .isInstanceOfSatisfying(StartupException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("lock file \"postmaster.pid\" already exists");
                    assertThat(e.hint()).contains("PID " + live, dir.root().toString());
                });
        assertThat(PidFile.read(dir.pidFile())).contains(other);
    }

    @Test
    void aFileOfADeadProcessIsStaleAndReportsTheUncleanStop() throws Exception {
        PidFile dead = new PidFile(deadPid(), dir.root(), 1_000, 5432, "127.0.0.1", 4711, PidFile.READY);
        PidFile.update(dir, dead);
        PidFile mine = PidFile.forThisProcess(dir);
        PidFile.Acquired a = PidFile.acquire(dir, mine);
        assertThat(a.uncleanStop()).isTrue();
        assertThat(a.previous()).isEqualTo(dead);
        assertThat(PidFile.read(dir.pidFile())).contains(mine);
    }

    @Test
    void aPidReusedByANewerProcessDoesNotCountAsTheServer() throws Exception {
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        PidFile ancient = new PidFile(live, dir.root(), 1_000, 0, "", 0, PidFile.READY); // written in 1970
        assertThat(ancient.serverIsAlive()).isFalse();
    }

    @Test
    void anUnreadableYoungFileIsRefusedAndAnOldOneIsStale() throws Exception {
        Files.writeString(dir.pidFile(), "12");
        assertThatThrownBy(() -> PidFile.acquire(dir, PidFile.forThisProcess(dir)))
                .isInstanceOf(StartupException.class).hasMessageContaining("incomplete");
        Files.setLastModifiedTime(dir.pidFile(), FileTime.from(Instant.now().minusSeconds(3600)));
        PidFile.Acquired a = PidFile.acquire(dir, PidFile.forThisProcess(dir));
        assertThat(a.uncleanStop()).isTrue();
        assertThat(a.previous()).isNull();
    }

    /** The PID of a process that has exited and been reaped. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
