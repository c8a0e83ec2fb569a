package org.pgstat4j.server.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.server.http.EmbeddedSystem;


/** {@code top}'s frames over a real embedded system. */
class TopViewTest {
    @TempDir
    Path dir;

    private static String line(String frame, String startingWith) {
        List<String> lines = frame.lines().filter(l -> l.startsWith(startingWith)).toList();
        assertThat(lines).as(frame).hasSize(1);
        return lines.get(0);
    }

    @Test
    void theFirstFrameShowsTotalsAndTheNextRatesBusiestFirst() throws Exception {
        try (EmbeddedSystem sys = new EmbeddedSystem(dir)) {
            sys.insert(EmbeddedSystem.T_MAIN, 5);
            TopView top = new TopView(sys.service, 10);
            String first = top.frame();
            assertThat(first).startsWith("pgstat4j top - database app - ");
            assertThat(line(first, "TABLE")).contains("INSERTED");
            assertThat(line(first, "public.t_main").split("\\s+")).containsExactly("public.t_main", "5", "0", "0", "0");
            assertThat(line(first, "totals:")).contains("commits 1 ").contains("inserted 5 ");
            assertThat(first.lines().filter(l -> l.contains(".t_")).toList()).hasSize(3);

            for (int i = 0; i < 40; i++) {
                sys.insert(EmbeddedSystem.T_OTHER, 1);
            }
            sys.updateAndDelete(EmbeddedSystem.T_MAIN);
            // let the stats file age past the 500 ms a reader accepts (spec §7.2): the next
            // frame must see a new file. This waits; it asserts no timing.
            Thread.sleep(Wire.STAT_INTERVAL_MS + 100);
            String second = top.frame();
            assertThat(line(second, "TABLE")).contains("INS/S");
            List<String> tables = second.lines().filter(l -> l.contains(".t_")).toList();
            assertThat(tables.get(0)).startsWith("public.t_other");
            assertThat(Double.parseDouble(tables.get(0).split("\\s+")[1])).isPositive();
            assertThat(tables.get(1)).startsWith("public.t_main");
            assertThat(tables.get(2)).startsWith("audit.t_log");
            assertThat(Double.parseDouble(tables.get(2).split("\\s+")[1])).isZero();
            assertThat(line(second, "per second:")).contains("commits ");
            assertThat(line(second, "collector:")).contains("rejected 0");
        }
    }

    @Test
    void liveFramesStartWithClearScreenAndHome() throws Exception {
        try (EmbeddedSystem sys = new EmbeddedSystem(dir)) {
            sys.insert(EmbeddedSystem.T_MAIN, 1);
            StringWriter out = new StringWriter();
            new TopView(sys.service, 5).run(new PrintWriter(out), 3, Duration.ofMillis(10), true);
            String[] frames = out.toString().split(java.util.regex.Pattern.quote(TopView.CLEAR_HOME), -1);
            assertThat(frames).hasSize(4);
            assertThat(frames[0]).isEmpty();
            assertThat(frames[3]).startsWith("pgstat4j top - database app");
        }
    }
}
