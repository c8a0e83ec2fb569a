package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the attach reply tells a peer: everything to the owner, nothing but the refusal to others. */
class AttachReplyTest {
    @TempDir
    Path tmp;

    @Test
    void aRefusalCarriesNothingButTheRefusal() {
        Map<String, String> refusal = AttachReply.refusal("user with uid 65534 may not attach");
        String wire = new String(AttachReply.encode(refusal), StandardCharsets.UTF_8);
        assertThat(KeyValues.parse(wire)).containsOnlyKeys("protocol", "status", "message")
                .containsEntry("status", AttachReply.REFUSED);
        assertThat(wire).doesNotContain(tmp.toString(), "setting.", "server_pid", "directory");

        // an accepted peer is told where the files are and what the settings are
        Map<String, String> ok = AttachReply.lines(AttachReply.OK, null, new DataDirectory(tmp),
                ServerSettings.DEFAULTS, "127.0.0.1", 5432);
        assertThat(ok).containsKeys("data_directory", "temp_directory", "setting.track_counts");
    }
}
