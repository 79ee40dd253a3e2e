package io.logspout.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterSettingsTest {
    private static final long MB = 1L << 20;

    @Test
    void theDefaultQueueIsASixteenthOfTheHeap() {
        assertThat(RouterSettings.from(Config.of(Map.of()), 128 * MB).queueBytes()).isEqualTo(8 * MB);
        assertThat(RouterSettings.from(Config.of(Map.of()), 64 * MB).queueBytes()).isEqualTo(4 * MB);
    }

    @Test
    void theDefaultQueueStopsAt16mOnALargeHeap() {
        assertThat(RouterSettings.from(Config.of(Map.of()), 256 * MB).queueBytes()).isEqualTo(16 * MB);
        assertThat(RouterSettings.from(Config.of(Map.of()), 4096 * MB).queueBytes()).isEqualTo(16 * MB);
    }

    @Test
    void theDefaultQueueHoldsAtLeastAMegabyteOnATinyHeap() {
        assertThat(RouterSettings.from(Config.of(Map.of()), 8 * MB).queueBytes()).isEqualTo(MB);
    }

    @Test
    void routeQueueBytesWinsOverTheHeap() {
        assertThat(RouterSettings.from(Config.of(Map.of("ROUTE_QUEUE_BYTES", "64m")), 128 * MB).queueBytes()).isEqualTo(64 * MB);
        assertThat(RouterSettings.from(Config.of(Map.of("ROUTE_QUEUE_BYTES", "2k")), 4096 * MB).queueBytes()).isEqualTo(2048);
    }

    @Test
    void aQueueTooSmallNamesTheSettingAndTheDefault() {
        assertThatThrownBy(() -> RouterSettings.from(Config.of(Map.of("ROUTE_QUEUE_BYTES", "100")), 128 * MB))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ROUTE_QUEUE_BYTES=100 is too small; it must be at least 1024 (default a sixteenth of the heap, at most 16m)");
    }
}
