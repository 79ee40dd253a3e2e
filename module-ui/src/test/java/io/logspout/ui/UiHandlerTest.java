package io.logspout.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiHandlerTest {

    @Test
    void recentLinesAreAJsonArrayWithTheShortIdTheBareNameAndDockersTimeInUtc() {
        String id = "3631c027fb1b5c2e0d1a7c2a0cf1d4b1f65bb1f7e0b33e6a5d3b9d1d2a8b4c11";
        ContainerInfo web = new ContainerInfo(id, "/web-1", "busybox", "sha256:00", "web", Map.of(), List.of(), 42, false, Map.of());
        Instant time = Instant.parse("2026-11-24T21:49:06.805123456Z");
        long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();

        String json = UiHandler.json(List.of(new LogMessage(web, LogMessage.STDERR, "say \"hi\" <now>", nanos)));

        assertThat(json).isEqualTo("[{\"id\":\"3631c027fb1b\",\"name\":\"web-1\",\"source\":\"stderr\",\"data\":\"say \\\"hi\\\" <now>\","
                + "\"time\":\"2026-11-24T21:49:06.805123456Z\"}]\n");
        assertThat(UiHandler.json(List.of())).isEqualTo("[]\n");
    }
}
