package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogsHandlerTest {

    @Test
    void acceptListingApplicationJsonSelectsJson() {
        assertThat(LogsHandler.acceptsJson("application/json")).isTrue();
        assertThat(LogsHandler.acceptsJson("text/plain, Application/JSON;q=0.9")).isTrue();
        assertThat(LogsHandler.acceptsJson("*/*")).isFalse();
        assertThat(LogsHandler.acceptsJson("application/jsonl")).isFalse();
        assertThat(LogsHandler.acceptsJson(null)).isFalse();
    }
}
