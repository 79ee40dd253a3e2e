package io.logspout.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"3631c027fb1b", "a", "my-route_1.v2", "...", ".hidden", "A.b-C_d"})
    void acceptsFileNameSafeIds(String id) {
        assertThat(RouteIds.isValid(id)).isTrue();
        assertThat(RouteIds.check(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc/passwd", "a/b", "a\\b", "a b", "é", "a\u0000b", "a:b", "%2e%2e"})
    void rejectsIdsThatAreNotSafeFileNames(String id) {
        assertThat(RouteIds.isValid(id)).isFalse();
        assertThatThrownBy(() -> RouteIds.check(id)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("route id '" + id + "' is not valid")
                .hasMessageContaining("A-Z a-z 0-9 _ . -");
    }

    @Test
    void boundsTheLength() {
        assertThat(RouteIds.isValid("x".repeat(RouteIds.MAX_LENGTH))).isTrue();
        assertThat(RouteIds.isValid("x".repeat(RouteIds.MAX_LENGTH + 1))).isFalse();
    }
}
