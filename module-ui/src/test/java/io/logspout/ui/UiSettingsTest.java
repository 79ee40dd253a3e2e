package io.logspout.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiSettingsTest {

    private static UiSettings from(Map<String, String> values) {
        return UiSettings.from(Config.of(values));
    }

    @Test
    void onWithTenThousandLinesAndAHundredPerContainerOnOpenByDefault() {
        assertThat(from(Map.of())).isEqualTo(new UiSettings(true, 10_000, 100));
        assertThat(from(Map.of("UI", "false", "UI_MAX_LINES", "500", "UI_TAIL", "0"))).isEqualTo(new UiSettings(false, 500, 0));
    }

    @Test
    void fewerKeptLinesThanTheDefaultTailLowerTheTail() {
        assertThat(from(Map.of("UI_MAX_LINES", "50"))).isEqualTo(new UiSettings(true, 50, 50));
    }

    @Test
    void badValuesNameTheSettingAndWhatItTakes() {
        assertThatThrownBy(() -> from(Map.of("UI", "off")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("UI=off is not understood; use UI=false to turn the log view off, UI=true (the default) to keep it");
        assertThatThrownBy(() -> from(Map.of("UI_MAX_LINES", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("UI_MAX_LINES=0 is out of range; it must be from 1 to 1000000 (default 10000)");
        assertThatThrownBy(() -> from(Map.of("UI_MAX_LINES", "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("UI_MAX_LINES=many is not a whole number");
        assertThatThrownBy(() -> from(Map.of("UI_TAIL", "1001")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("UI_TAIL=1001 is out of range; it must be from 0 to 1000 (at most 1000 and UI_MAX_LINES; default 100)");
        assertThatThrownBy(() -> from(Map.of("UI_MAX_LINES", "300", "UI_TAIL", "301")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("UI_TAIL=301 is out of range; it must be from 0 to 300 (at most 1000 and UI_MAX_LINES; default 100)");
    }
}
