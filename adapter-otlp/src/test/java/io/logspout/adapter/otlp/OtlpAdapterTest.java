package io.logspout.adapter.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.api.Templates;
import io.logspout.adapter.multiline.MultilineAdapterFactory;
import io.logspout.core.route.RouteCompiler;
import io.logspout.core.route.RouteUris;
import io.logspout.transport.http.HttpTransportFactory;
import io.logspout.transport.http.HttpsTransportFactory;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The OTLP bodies, decoded with the protocol's own generated classes and protobuf's JSON parser. */
class OtlpAdapterTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123456789Z");
    private static final ContainerInfo WEB = new ContainerInfo("a".repeat(64), "/web-1", "nginx:1.27", "sha256:1", "a1",
            Map.of("com.docker.compose.service", "web", "tier", "front"), List.of(), 1, false, Map.of());
    private static final ContainerInfo DB = new ContainerInfo("b".repeat(64), "/db", "postgres:17", "sha256:2", "b1", Map.of(), List.of(), 2, false, Map.of());

    record Context(Route route) implements AdapterContext {
        @Override
        public Config config() {
            return Config.of(Map.of());
        }

        @Override
        public Templates templates() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String transport() {
            return "http";
        }

        @Override
        public boolean datagramTransport() {
            return false;
        }

        @Override
        public String innerAdapter() {
            return "";
        }

        @Override
        public Adapter createAdapter(String chain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InstantSource clock() {
            return InstantSource.fixed(NOW);
        }
    }

    private static Adapter adapter(String... options) {
        Route.Builder route = Route.builder().id("r").adapter("otlp").address("collector:4318").option("hostname", "docker-host-1");
        for (int i = 0; i < options.length; i += 2) {
            route.option(options[i], options[i + 1]);
        }
        return new OtlpAdapterFactory().create(new Context(route.build()));
    }

    /** One batch: web, db, web again; the body written at the end of the batch. */
    private static byte[] batch(Adapter adapter) {
        ByteArrayOutput out = new ByteArrayOutput(1024, 1 << 20);
        adapter.encode(new LogMessage(WEB, "stdout", "GET / 200", 1_000_000_001L), out);
        adapter.encode(new LogMessage(DB, "stderr", "checkpoint starting: time", 1_000_000_002L), out);
        adapter.encode(new LogMessage(WEB, "stderr", "upstream timed out ✗", 1_000_000_003L), out);
        assertThat(out.size()).as("nothing is written before the batch ends").isZero();
        adapter.endBatch(out);
        byte[] body = java.util.Arrays.copyOf(out.array(), out.size());
        out.clear();
        adapter.endBatch(out);
        assertThat(out.size()).as("an empty batch writes nothing").isZero();
        return body;
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void aBatchIsOneRequestWithOneResourceLogsPerContainer() throws InvalidProtocolBufferException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(batch(adapter()));

        assertThat(request.getResourceLogsCount()).isEqualTo(2);
        ResourceLogs web = request.getResourceLogs(0);
        assertThat(attributes(web.getResource().getAttributesList())).containsExactly(
                Map.entry("container.id", WEB.id()),
                Map.entry("container.name", "web-1"),
                Map.entry("container.image.name", "nginx:1.27"),
                Map.entry("host.name", "docker-host-1"),
                Map.entry("container.label.com.docker.compose.service", "web"),
                Map.entry("container.label.tier", "front"));
        assertThat(web.getScopeLogsCount()).isEqualTo(1);
        assertThat(web.getScopeLogs(0).getScope().getName()).isEqualTo("logspout");
        List<LogRecord> records = web.getScopeLogs(0).getLogRecordsList();
        assertThat(records).extracting(record -> record.getBody().getStringValue()).containsExactly("GET / 200", "upstream timed out ✗");
        LogRecord second = records.get(1);
        assertThat(second.getTimeUnixNano()).isEqualTo(1_000_000_003L);
        assertThat(second.getObservedTimeUnixNano()).isEqualTo(NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano());
        assertThat(attributes(second.getAttributesList())).containsExactly(
                Map.entry("log.iostream", "stderr"),
                Map.entry("log.record.uid", WEB.id() + ":1000000003:0"));

        ResourceLogs db = request.getResourceLogs(1);
        assertThat(attributes(db.getResource().getAttributesList())).containsEntry("container.name", "db").doesNotContainKey("container.label.tier");
        assertThat(db.getScopeLogs(0).getLogRecordsList()).extracting(record -> record.getBody().getStringValue()).containsExactly("checkpoint starting: time");
    }

    @Test
    void theHandEncoderWritesExactlyTheBytesOfOtlpsGeneratedClasses() {
        String long300 = "x".repeat(300);
        ContainerInfo many = new ContainerInfo("c".repeat(64), "/many", "", "sha256:3", "c1",
                Map.of("k", "v".repeat(200), "é", "ü"), List.of(), 3, false, Map.of());
        List<LogMessage> messages = List.of(
                new LogMessage(WEB, "stdout", "GET / 200", 1_000_000_001L),
                new LogMessage(DB, "stderr", "", 1_000_000_002L),
                new LogMessage(many, "stdout", long300 + " é ✗ 😀 lone \ud800 end", 1_000_000_003L),
                new LogMessage(WEB, "stderr", "x".repeat(20_000), 1_000_000_004L),
                // keys of every width (written from their parts, not as strings)
                new LogMessage(WEB, "stdout", "now", 1_764_842_400_123_456_789L, 12),
                new LogMessage(WEB, "stdout", "10^18", 1_000_000_000_000_000_000L, 9),
                new LogMessage(WEB, "stdout", "10^18 - 1", 999_999_999_999_999_999L, 10),
                new LogMessage(WEB, "stdout", "max", Long.MAX_VALUE, Integer.MAX_VALUE),
                new LogMessage(DB, "stdout", "no time", 0, 0),
                new LogMessage(DB, "stdout", "before 1970", -1_000_000_001L, 0));
        Context context = new Context(Route.builder().adapter("otlp").address("c:4318").option("hostname", "h").build());

        assertThat(body(new OtlpAdapter(new OtlpBatch("h", context.clock()), new OtlpProtobuf()), messages))
                .isEqualTo(body(new OtlpAdapter(new OtlpBatch("h", context.clock()), new GeneratedOtlp()), messages));
    }

    private static byte[] body(Adapter adapter, List<LogMessage> messages) {
        ByteArrayOutput out = new ByteArrayOutput(1024, 1 << 20);
        messages.forEach(message -> adapter.encode(message, out));
        adapter.endBatch(out);
        return java.util.Arrays.copyOf(out.array(), out.size());
    }

    @Test
    void otlpJsonIsTheSameRequestInProtobufsJsonMapping() throws InvalidProtocolBufferException {
        ExportLogsServiceRequest.Builder fromJson = ExportLogsServiceRequest.newBuilder();
        JsonFormat.parser().merge(new String(batch(adapter("format", "json")), StandardCharsets.UTF_8), fromJson);

        assertThat(fromJson.build()).isEqualTo(ExportLogsServiceRequest.parseFrom(batch(adapter())));
    }

    @Test
    void theDefaultsAreOtlpHttps() {
        assertThat(adapter().defaultOptions()).containsEntry("path", "/v1/logs").containsEntry("header.Content-Type", "application/x-protobuf")
                .containsEntry("batch.count", "4096");
        assertThat(adapter("format", "json").defaultOptions()).containsEntry("header.Content-Type", "application/json");
        assertThat(new OtlpAdapterFactory().defaultTransport()).isEqualTo("http");
    }

    /** Through the core's real route compiler, with the real HTTP transports and multiline. */
    @Test
    void aRouteWithoutPortOrPathGoesToOtlpHttpsPortAndPath() {
        Config config = Config.of(Map.of());
        RouteCompiler compiler = new RouteCompiler(
                Map.of("otlp", new OtlpAdapterFactory(), "multiline", new MultilineAdapterFactory()),
                Map.of("http", new HttpTransportFactory().create(config), "https", new HttpsTransportFactory().create(config)),
                null, config, InstantSource.system());
        for (String uri : List.of("otlp://collector", "otlp+https://collector", "multiline+otlp://collector")) {
            RouteCompiler.CompiledRoute compiled = compiler.compile(RouteUris.parse(uri, config).getFirst());
            assertThat(compiled.route().address()).as(uri).isEqualTo("collector:4318");
            assertThat(compiled.adapter().defaultOptions()).as(uri).containsEntry("path", "/v1/logs");
        }
        assertThat(compiler.compile(RouteUris.parse("otlp://collector:9999/otlp/v1/logs", config).getFirst()).route())
                .extracting(Route::address, route -> route.options().get("path"))
                .containsExactly("collector:9999", "/otlp/v1/logs");
    }

    @Test
    void anUnknownFormatIsABadRoute() {
        assertThatThrownBy(() -> adapter("format", "proto"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("route option format=proto is not an OTLP encoding; use protobuf (the default) or json");
    }

    @Test
    void theFactoryIsAService() {
        assertThat(ServiceLoader.load(AdapterFactory.class).stream().map(provider -> provider.get().name())).contains("otlp");
    }
}
