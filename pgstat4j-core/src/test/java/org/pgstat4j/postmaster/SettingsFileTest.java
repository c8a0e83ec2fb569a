package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.SettingsFile.ConfigException;
import org.pgstat4j.postmaster.ServerSettings.Durability;
import org.pgstat4j.backend.TrackFunctions;

/** PostgreSQL's settings-file syntax, and every error named by file and line. */
class SettingsFileTest {
    @TempDir
    Path dir;

    private SettingsFile file() {
        return new SettingsFile(dir.resolve("pgstat4j.conf"), true);
    }

    @Test
    void everyParameterInEverySyntaxPostgreSqlAccepts() throws Exception {
        ServerSettings s = file().parse("""
                # a comment line
                track_counts = off            # trailing comment
                TRACK_FUNCTIONS 'pl'
                track_io_timing=yes
                track_activities = 0
                stats_temp_directory = '/run/pgstat4j tmp/it''s'
                stats_durability = checkpoint
                stats_checkpoint_interval = 2min
                collector_restart_interval = 1500ms

                """);
        assertThat(s.trackCounts()).isFalse();
        assertThat(s.trackFunctions()).isEqualTo(TrackFunctions.PL);
        assertThat(s.trackIoTiming()).isTrue();
        assertThat(s.trackActivities()).isFalse();
        assertThat(s.statsTempDirectory()).isEqualTo("/run/pgstat4j tmp/it's");
        assertThat(s.statsDurability()).isEqualTo(Durability.CHECKPOINT);
        assertThat(s.statsCheckpointInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.collectorRestartInterval()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void defaultsArePostgreSqlsAndALaterLineWins() throws Exception {
        assertThat(file().parse("")).isEqualTo(ServerSettings.DEFAULTS);
        assertThat(ServerSettings.DEFAULTS.asMap()).containsEntry("track_counts", "on")
                .containsEntry("track_functions", "none").containsEntry("track_io_timing", "off")
                .containsEntry("stats_temp_directory", "pg_stat_tmp").containsEntry("stats_durability", "none")
                .containsEntry("collector_restart_interval", "60s");
        assertThat(file().parse("track_counts = off\ntrack_counts = on\n").trackCounts()).isTrue();
        assertThat(file().parse("collector_restart_interval = 5").collectorRestartInterval())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyErrorIsReportedWithFileAndLine() {
        Path f = dir.resolve("pgstat4j.conf");
        assertThatThrownBy(() -> file().parse("""
                track_counts = maybe
                # fine
                unknown_thing = 3
                track_functions = sometimes
                stats_checkpoint_interval = 10 fortnights
                stats_checkpoint_interval = 0
                = value
                track_counts = on extra
                stats_temp_directory = 'unterminated
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "invalid value for parameter \"track_counts\": \"maybe\" (parameter \"track_counts\" requires"
                                + " a Boolean value (on or off)) in file \"" + f + "\" line 1",
                        "unrecognized configuration parameter \"unknown_thing\" in file \"" + f + "\" line 3",
                        "invalid value for parameter \"track_functions\": \"sometimes\" (available values: none, pl,"
                                + " all) in file \"" + f + "\" line 4",
                        "syntax error in file \"" + f + "\" line 5, near token \"fortnights\"",
                        "invalid value for parameter \"stats_checkpoint_interval\": \"0\" (0s is outside the valid"
                                + " range for parameter \"stats_checkpoint_interval\" (1s .. 1d)) in file \"" + f
                                + "\" line 6",
                        "syntax error in file \"" + f + "\" line 7, near token \"=\"",
                        "syntax error in file \"" + f + "\" line 8, near token \"extra\"",
                        "syntax error in file \"" + f + "\" line 9, near end of line (unterminated quoted string)"));
    }

    @Test
    void aMissingFileIsDefaultsOnlyWhenOptional() throws Exception {
        assertThat(new SettingsFile(dir.resolve("absent.conf"), false).load()).isEqualTo(ServerSettings.DEFAULTS);
        assertThatThrownBy(() -> new SettingsFile(dir.resolve("absent.conf"), true).load())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .asString().contains("could not open configuration file", "absent.conf"));
    }

    @Test
    void loadReadsTheFile() throws Exception {
        Files.writeString(dir.resolve("pgstat4j.conf"), "stats_durability = 'checkpoint'\r\n");
        assertThat(file().load().statsDurability()).isEqualTo(Durability.CHECKPOINT);
    }

    @Test
    void settingsRoundTripThroughTheirCanonicalText() throws Exception {
        ServerSettings s = file().parse("track_functions = all\nstats_checkpoint_interval = 90s\n"
                + "collector_restart_interval = 1250ms\n");
        assertThat(ServerSettings.fromMap(s.asMap())).isEqualTo(s);
        assertThat(s.changedIn(ServerSettings.DEFAULTS)).extracting(ServerSettings.Parameter::settingName)
                .containsExactly("track_functions", "stats_checkpoint_interval", "collector_restart_interval");
    }
}
