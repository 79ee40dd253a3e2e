package io.logspout.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Adapter;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.testsupport.FakeAdapterContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code json} with {@code format=bulk}: the exact bytes of a {@code _bulk} body, and the options. */
class BulkFormatTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final ContainerInfo WEB = new ContainerInfo(ID, "/web-1", "nginx", "sha256:1", "web", Map.of("com.docker.compose.project", "shop"),
            List.of(), 1, false, Map.of("Id", ID, "Name", "/web-1", "Config", Map.of("Labels", Map.of("com.docker.compose.project", "shop"))));
    private static final long NANOS = Instant.parse("2026-12-04T10:00:00.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;

    private static Adapter bulk(String... keyValues) {
        Route.Builder route = Route.builder().id("r1").adapter("json+http").address("127.0.0.1:9200");
        for (int i = 0; i < keyValues.length; i += 2) {
            route.option(keyValues[i], keyValues[i + 1]);
        }
        return new JsonAdapterFactory().create(FakeAdapterContext.forRoute(route.build()).transport("http"));
    }

    private static String encode(Adapter adapter, LogMessage... messages) {
        ByteArrayOutput out = new ByteArrayOutput(256, 1 << 20);
        for (LogMessage message : messages) {
            adapter.encode(message, out);
            out.endMessage();
        }
        return new String(Arrays.copyOf(out.array(), out.size()), StandardCharsets.UTF_8);
    }

    @Test
    void eachMessageIsACreateActionWithItsKeyAsIdThenItsDocumentEachLineEndingInANewline() {
        String body = encode(bulk("format", "bulk", "index", "logs-docker"),
                new LogMessage(WEB, "stdout", "GET / 200 <ok> & \"done\"", NANOS),
                new LogMessage(WEB, "stderr", "second with the same time", NANOS, 1));

        assertThat(body).isEqualTo(""
                + "{\"create\":{\"_index\":\"logs-docker\",\"_id\":\"" + ID + ":" + NANOS + ":0\"}}\n"
                + "{\"Container\":{\"Id\":\"" + ID + "\",\"Name\":\"/web-1\"},\"Source\":\"stdout\","
                + "\"Data\":\"GET / 200 \\u003cok\\u003e \\u0026 \\\"done\\\"\",\"@timestamp\":\"2026-12-04T10:00:00.123456789Z\"}\n"
                + "{\"create\":{\"_index\":\"logs-docker\",\"_id\":\"" + ID + ":" + NANOS + ":1\"}}\n"
                + "{\"Container\":{\"Id\":\"" + ID + "\",\"Name\":\"/web-1\"},\"Source\":\"stderr\","
                + "\"Data\":\"second with the same time\",\"@timestamp\":\"2026-12-04T10:00:00.123456789Z\"}\n");
    }

    @Test
    void theBulkFormatPostsNdjsonToTheBulkApiAndReadsTheAnswerItemByItem() {
        assertThat(bulk("format", "bulk", "index", "logs").defaultOptions()).containsEntry("path", "/_bulk")
                .containsEntry("header.Content-Type", "application/x-ndjson").containsEntry("answer", "bulk");
        assertThat(bulk().defaultOptions()).doesNotContainKeys("path", "answer")
                .containsEntry("header.Content-Type", "application/x-ndjson");
    }

    @Test
    void aBadFormatOrIndexIsAnErrorNamingTheFix() {
        assertThatThrownBy(() -> bulk("format", "bulk")).isInstanceOf(ConfigException.class)
                .hasMessage("route option index= is required with format=bulk; name the index or data stream to write to, e.g. index=logs-docker-default");
        assertThatThrownBy(() -> bulk("format", "bulk", "index", "Logs")).isInstanceOf(ConfigException.class).hasMessageContaining("lowercase");
        for (String bad : List.of("logs/2026", "a b", "a,b", "logs-*", "a:b", "a#b")) {
            assertThatThrownBy(() -> bulk("format", "bulk", "index", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("holds a character an index name cannot");
        }
        for (String bad : List.of("_logs", "-logs", "+logs", ".", "..")) {
            assertThatThrownBy(() -> bulk("format", "bulk", "index", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot start with - _ + or be . or ..");
        }
        assertThatThrownBy(() -> bulk("format", "bulk", "index", "l".repeat(256))).isInstanceOf(ConfigException.class).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> bulk("index", "logs")).isInstanceOf(ConfigException.class)
                .hasMessage("route option index=logs is for format=bulk; add format=bulk or leave index out");
        assertThatThrownBy(() -> bulk("format", "xml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("route option format=xml is not known; use json");
        bulk("format", "bulk", "index", ".logs-docker.default-2026");
    }
}
