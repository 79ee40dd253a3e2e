package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PumpSettingsTest {

    private static PumpSettings settings(Map<String, String> values) {
        return PumpSettings.from(Config.of(values));
    }

    @Test
    void hasLogspoutsDefaults() {
        PumpSettings settings = settings(Map.of("HOME", "/home/me"));

        assertThat(settings.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(settings.tlsCertPath()).isEmpty();
        assertThat(settings.apiVersion()).isEmpty();
        assertThat(settings.tail()).isEqualTo("all");
        assertThat(settings.backlog()).isTrue();
        assertThat(settings.inactivityTimeout()).isZero();
        assertThat(settings.sharedReading()).as("ROUTE_QUEUE_FULL=catchup never makes a publisher wait").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "drop"})
    void readsEachStreamOnItsOwnThreadWhenARouteMayMakePublishingWait(String policy) {
        assertThat(settings(Map.of("ROUTE_QUEUE_FULL", policy)).sharedReading()).isFalse();
        assertThat(settings(Map.of("ROUTE_QUEUE_FULL", "catchup")).sharedReading()).isTrue();
    }

    @Test
    void readsEverySetting() {
        PumpSettings settings = settings(Map.of(
                "DOCKER_HOST", "tcp://docker.example:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs",
                "DOCKER_API_VERSION", "1.41",
                "TAIL", "100",
                "BACKLOG", "false",
                "INACTIVITY_TIMEOUT", "1m30s"));

        assertThat(settings.dockerHost()).isEqualTo(URI.create("tcp://docker.example:2376"));
        assertThat(settings.tlsCertPath()).contains("/certs");
        assertThat(settings.apiVersion()).contains("1.41");
        assertThat(settings.tail()).isEqualTo("100");
        assertThat(settings.backlog()).isFalse();
        assertThat(settings.inactivityTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void takesTheCertificatesFromHomeWhenTlsIsOnWithoutAPath() {
        assertThat(settings(Map.of("DOCKER_TLS_VERIFY", "yes", "HOME", "/home/me")).tlsCertPath()).isEqualTo(Optional.of("/home/me/.docker"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:2375", "tcp://nohostport", "unix://", "/var/run/docker.sock", "tcp://[bad"})
    void rejectsABadDockerHost(String host) {
        assertThatThrownBy(() -> settings(Map.of("DOCKER_HOST", host)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOCKER_HOST=" + host)
                .hasMessageContaining("unix:///");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "ten", "1.5", "ALL"})
    void rejectsABadTail(String tail) {
        assertThatThrownBy(() -> settings(Map.of("TAIL", tail)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TAIL=" + tail)
                .hasMessageContaining("all or a whole number");
    }

    @Test
    void rejectsABadBacklog() {
        assertThatThrownBy(() -> settings(Map.of("BACKLOG", "no")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BACKLOG=no is not true or false");
    }

    @Test
    void rejectsABadApiVersion() {
        assertThatThrownBy(() -> settings(Map.of("DOCKER_API_VERSION", "v1.41")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOCKER_API_VERSION=v1.41")
                .hasMessageContaining("e.g. 1.41");
    }

    @Test
    void rejectsABadOrNegativeInactivityTimeout() {
        assertThatThrownBy(() -> settings(Map.of("INACTIVITY_TIMEOUT", "1 minute")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("INACTIVITY_TIMEOUT=1 minute");
        assertThatThrownBy(() -> settings(Map.of("INACTIVITY_TIMEOUT", "-5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("INACTIVITY_TIMEOUT=-5s is negative");
    }
}
