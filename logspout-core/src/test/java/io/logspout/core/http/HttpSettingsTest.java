package io.logspout.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static HttpSettings from(Map<String, String> values) {
        return HttpSettings.from(Config.of(values));
    }

    @Test
    void defaultsToAllAddressesAndPort80() {
        assertThat(from(Map.of())).isEqualTo(new HttpSettings("0.0.0.0", 80, "PORT", Duration.ofSeconds(60), 1000));
    }

    @Test
    void portWinsOverHttpPortAndEmptyCountsAsUnset() {
        assertThat(from(Map.of("PORT", "8000", "HTTP_PORT", "9000"))).isEqualTo(new HttpSettings("0.0.0.0", 8000, "PORT", Duration.ofSeconds(60), 1000));
        assertThat(from(Map.of("PORT", "", "HTTP_PORT", "9000"))).isEqualTo(new HttpSettings("0.0.0.0", 9000, "HTTP_PORT", Duration.ofSeconds(60), 1000));
        assertThat(from(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"))).isEqualTo(new HttpSettings("127.0.0.1", 0, "PORT", Duration.ofSeconds(60), 1000));
    }

    @Test
    void aBadPortNamesTheSettingAndWhatIsAccepted() {
        assertThatThrownBy(() -> from(Map.of("PORT", "http"))).isInstanceOf(ConfigException.class)
                .hasMessage("PORT=http is not a TCP port; set it to a number from 1 to 65535 (0 takes any free port)");
        assertThatThrownBy(() -> from(Map.of("HTTP_PORT", "65536"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_PORT=65536 is not a TCP port");
        assertThatThrownBy(() -> from(Map.of("PORT", "-1"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void idleTimeoutAndConnectionCapAreReadWithTheirUnitsAndChecked() {
        HttpSettings settings = from(Map.of("HTTP_IDLE_TIMEOUT", "1m30s", "HTTP_MAX_CONNECTIONS", "20"));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.maxConnections()).isEqualTo(20);
        assertThat(from(Map.of("HTTP_IDLE_TIMEOUT", "0")).idleTimeout()).as("no limit").isZero();
        assertThatThrownBy(() -> from(Map.of("HTTP_IDLE_TIMEOUT", "60"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_IDLE_TIMEOUT=60 is not a duration");
        assertThatThrownBy(() -> from(Map.of("HTTP_IDLE_TIMEOUT", "-1s"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_IDLE_TIMEOUT=-1s is negative");
        assertThatThrownBy(() -> from(Map.of("HTTP_MAX_CONNECTIONS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessage("HTTP_MAX_CONNECTIONS=0 is too small; it must be at least 1 (default 1000)");
    }

    @Test
    void describesItselfWithTheVariablesTheOperatorSet() {
        assertThat(from(Map.of("HTTP_PORT", "9000")).describe()).isEqualTo("HTTP_BIND_ADDRESS=0.0.0.0 HTTP_PORT=9000");
    }
}
