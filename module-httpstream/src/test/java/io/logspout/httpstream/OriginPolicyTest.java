package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.ConfigException;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void byDefaultOnlyPagesFromTheRequestedHostMayConnect() {
        OriginPolicy sameHost = OriginPolicy.parse(null);

        assertThat(sameHost.allows("http://127.0.0.1:8000", "127.0.0.1:8000")).isTrue();
        assertThat(sameHost.allows("http://LOGS.example.com", "logs.example.com")).isTrue();
        assertThat(sameHost.allows("https://logs.example.com", "logs.example.com")).isTrue();
        assertThat(sameHost.allows("http://[::1]:8000", "[::1]:8000")).isTrue();
        assertThat(sameHost.allows("http://evil.example", "127.0.0.1:8000")).isFalse();
        assertThat(sameHost.allows("http://127.0.0.1:9000", "127.0.0.1:8000")).isFalse();
        assertThat(sameHost.allows("http://logs.example.com:8080", "logs.example.com")).isFalse();
        assertThat(sameHost.allows("null", "127.0.0.1:8000")).isFalse();
        assertThat(sameHost.allows("http://127.0.0.1:8000", null)).isFalse();
    }

    @Test
    void anUpgradeWithoutOriginIsRefused() {
        assertThat(OriginPolicy.parse(null).allows(null, "127.0.0.1:8000")).isFalse();
        assertThat(OriginPolicy.parse("https://a.example").allows(null, "a.example")).isFalse();
    }

    @Test
    void theSettingReplacesTheDefaultWithItsOrigins() {
        OriginPolicy listed = OriginPolicy.parse(" https://dash.example , http://localhost:3000");

        assertThat(listed.allows("https://dash.example:443", "127.0.0.1:8000")).isTrue();
        assertThat(listed.allows("http://localhost:3000", "127.0.0.1:8000")).isTrue();
        assertThat(listed.allows("http://dash.example", "127.0.0.1:8000")).isFalse();
        assertThat(listed.allows("http://127.0.0.1:8000", "127.0.0.1:8000")).isFalse();
        assertThat(listed).hasToString("https://dash.example:443,http://localhost:3000");
    }

    @Test
    void aStarAllowsAnyOrigin() {
        assertThat(OriginPolicy.parse("*").allows("http://anything.example", "127.0.0.1:8000")).isTrue();
    }

    @Test
    void anEntryThatIsNoOriginNamesTheSettingAndTheForm() {
        assertThatThrownBy(() -> OriginPolicy.parse("https://ok.example,ftp://files.example"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTPSTREAM_ALLOWED_ORIGINS=https://ok.example,ftp://files.example: 'ftp://files.example' is not an origin;")
                .hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> OriginPolicy.parse("https://ok.example/path")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> OriginPolicy.parse("localhost:3000")).isInstanceOf(ConfigException.class);
    }
}
