package io.logspout.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void maskedHidesHeadersAndNamedSecretsOnly() {
        Route route = Route.builder().adapter("otlp").address("c:4318")
                .option("header.Authorization", "Bearer abc")
                .option("api_token", "t")
                .option("tls_password", "p")
                .option("format", "json")
                .build();

        assertThat(route.masked().options()).containsExactly(
                java.util.Map.entry("api_token", "****"),
                java.util.Map.entry("format", "json"),
                java.util.Map.entry("header.Authorization", "****"),
                java.util.Map.entry("tls_password", "****"));
        assertThat(route.options()).containsEntry("header.Authorization", "Bearer abc");
    }

    @Test
    void aRouteWithoutSecretsIsShownAsItIs() {
        Route route = Route.builder().adapter("raw+tcp").address("h:1").option("append_tag", ".x").build();

        assertThat(route.masked()).isSameAs(route);
    }
}
