package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

    @Test
    void defaults() {
        StreamSettings settings = StreamSettings.from(Config.of(Map.of()));

        assertThat(settings.queueSize()).isEqualTo(10_000);
        assertThat(settings.origins()).hasToString("same host");
    }

    @Test
    void badQueueSizesNameTheSetting() {
        assertThatThrownBy(() -> StreamSettings.from(Config.of(Map.of("HTTPSTREAM_QUEUE_SIZE", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("HTTPSTREAM_QUEUE_SIZE=0 is too small; it must be at least 1 (default 10000)");
        assertThatThrownBy(() -> StreamSettings.from(Config.of(Map.of("HTTPSTREAM_QUEUE_SIZE", "lots"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTPSTREAM_QUEUE_SIZE=lots is not a whole number");
    }
}
