package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key=value text of attach replies and collector.status survives any value. */
class KeyValuesTest {
    @Test
    void valuesWithSpecialCharactersRoundTripAndKeysComeSorted() {
        Map<String, String> m = Map.of(
                "temp_directory", "/data dir/with = and : and # and \\ and ü",
                "message", "two\nlines\tand a tab",
                "leading", " space",
                "empty", "");
        String text = KeyValues.format(m);
        assertThat(text.lines().map(l -> l.substring(0, l.indexOf('=')))).containsExactly(
                "empty", "leading", "message", "temp_directory");
        assertThat(KeyValues.parse(text)).isEqualTo(m);
    }
}
