package io.logspout.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static HttpSettings from(Map<String, String> values) {
        return HttpSettings.from(Config.of(values));
    }

    @Test
    void defaultsToAllAddressesAndPort80() {
        assertThat(from(Map.of())).isEqualTo(new HttpSettings("0.0.0.0", 80, "PORT"));
    }

    @Test
    void portWinsOverHttpPortAndEmptyCountsAsUnset() {
        assertThat(from(Map.of("PORT", "8000", "HTTP_PORT", "9000"))).isEqualTo(new HttpSettings("0.0.0.0", 8000, "PORT"));
        assertThat(from(Map.of("PORT", "", "HTTP_PORT", "9000"))).isEqualTo(new HttpSettings("0.0.0.0", 9000, "HTTP_PORT"));
        assertThat(from(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"))).isEqualTo(new HttpSettings("127.0.0.1", 0, "PORT"));
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
    void describesItselfWithTheVariablesTheOperatorSet() {
        assertThat(from(Map.of("HTTP_PORT", "9000")).describe()).isEqualTo("HTTP_BIND_ADDRESS=0.0.0.0 HTTP_PORT=9000");
    }
}
