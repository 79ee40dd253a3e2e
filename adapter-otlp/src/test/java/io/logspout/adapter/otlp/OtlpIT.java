package io.logspout.adapter.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.HttpReceiver;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TestContainer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code otlp://} end to end: an embedded logspout on the test engine, real containers, and a real
 * HTTP receiver on loopback that decodes every body with OTLP's generated classes (a body they
 * cannot read is answered 400, and the test would miss its lines).
 */
class OtlpIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private final String prefix = "otlp" + UUID.randomUUID().toString().substring(0, 6);

    /** A record with its resource's attributes. */
    record Received(Map<String, String> resource, LogRecord record) {
        String body() {
            return record.getBody().getStringValue();
        }

        String attribute(String key) {
            return attributes(record.getAttributesList()).get(key);
        }
    }

    private static ExportLogsServiceRequest decode(byte[] body) {
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static List<Received> records(HttpReceiver receiver) {
        return records(receiver.accepted());
    }

    private static List<Received> records(List<HttpReceiver.Request> requests) {
        List<Received> records = new ArrayList<>();
        for (HttpReceiver.Request request : requests) {
            for (ResourceLogs resourceLogs : ((ExportLogsServiceRequest) request.decoded()).getResourceLogsList()) {
                Map<String, String> resource = attributes(resourceLogs.getResource().getAttributesList());
                resourceLogs.getScopeLogsList().forEach(scope -> scope.getLogRecordsList().forEach(record -> records.add(new Received(resource, record))));
            }
        }
        return records;
    }

    private static List<String> bodies(HttpReceiver receiver) {
        return records(receiver).stream().map(Received::body).toList();
    }

    private HttpReceiver receiver() {
        return live.closing(new HttpReceiver(OtlpIT::decode, null));
    }

    private Logspout logspout(Map<String, String> settings, String route) {
        return live.closing(Logspout.builder().config(Config.environment().withOverrides(settings)).routes(route).build().start());
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = live.docker().run(spec.namePrefix(prefix));
        live.closingLast(container::remove);
        return container;
    }

    private String mine() {
        return "filter.name=" + prefix + "-*";
    }

    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i).toList();
    }

    private static String printNumbered(int count) {
        return "i=1; while [ $i -le " + count + " ]; do echo \"line $i\"; i=$((i+1)); done";
    }

    @Test
    void eachContainersLinesArriveWithTheirResourceAndRecordAttributes() {
        HttpReceiver receiver = receiver().start();
        logspout(Map.of(), "otlp://" + receiver.address() + "?" + mine() + "&hostname=docker-host-1");

        TestContainer app = run(ContainerSpec.script("echo out 1; echo 'err ✗' >&2; echo out 2; sleep 600").label("tier", "front"));

        Await.until(WAIT, () -> records(receiver).size() >= 3, () -> "3 records, got " + bodies(receiver));
        List<Received> records = records(receiver);
        assertThat(records).extracting(Received::body).containsExactlyInAnyOrder("out 1", "err ✗", "out 2");
        assertThat(records).extracting(Received::body).filteredOn(body -> body.startsWith("out")).containsExactly("out 1", "out 2");
        Received err = records.stream().filter(r -> r.body().startsWith("err")).findFirst().orElseThrow();
        assertThat(err.resource()).containsEntry("container.id", app.id())
                .containsEntry("container.name", app.name())
                .containsEntry("container.image.name", ContainerSpec.BUSYBOX)
                .containsEntry("host.name", "docker-host-1")
                .containsEntry("container.label.tier", "front");
        assertThat(err.attribute("log.iostream")).isEqualTo("stderr");
        assertThat(err.attribute("log.record.uid")).isEqualTo(app.id() + ":" + err.record().getTimeUnixNano() + ":0"); // the line alone with its time
        assertThat(err.record().getObservedTimeUnixNano()).isGreaterThanOrEqualTo(err.record().getTimeUnixNano());
        assertThat(records).extracting(Received::record).extracting(r -> r.getTimeUnixNano()).allMatch(time -> time > 1_700_000_000_000_000_000L);
        HttpReceiver.Request request = receiver.accepted().get(0);
        assertThat(request.path()).isEqualTo("/v1/logs");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    }

    /** OTLP/HTTP's default port on loopback: this test needs 4318 free. */
    @Test
    void aRouteWithoutPortOrPathPostsToOtlpHttpsDefaultPortAndPath() {
        HttpReceiver receiver = live.closing(new HttpReceiver(OtlpIT::decode, null, 4318)).start();
        logspout(Map.of(), "otlp://127.0.0.1?" + mine());

        run(ContainerSpec.script("echo to the default port; sleep 600"));

        Await.until(WAIT, () -> bodies(receiver).contains("to the default port"), () -> "the line, got " + bodies(receiver));
        assertThat(receiver.accepted().get(0).path()).isEqualTo("/v1/logs");
    }

    @Test
    void aReceiverAnswering503ForAWhileLosesNothingAndGetsNothingTwice() {
        HttpReceiver receiver = receiver().start();
        receiver.answerNext(4, 503, null);
        receiver.answerNext(1, 429, "1");
        logspout(Map.of(), "otlp://" + receiver.address() + "?" + mine() + "&batch.count=50&compression=gzip");

        run(ContainerSpec.script(printNumbered(500) + "; sleep 600"));

        Await.until(WAIT, () -> records(receiver).size() >= 500, () -> "500 records, got " + records(receiver).size());
        assertThat(receiver.answered()).startsWith(503, 503, 503, 503, 429).endsWith(200);
        assertThat(bodies(receiver)).containsExactlyElementsOf(numbered(500));
    }

    @Test
    void aRejectedBatchIsCountedAndTheRouteGoesOn() {
        HttpReceiver receiver = receiver().start();
        receiver.rejectOnce("poison", 400, "entry too far behind");
        Logspout logspout = logspout(Map.of(), "otlp://" + receiver.address() + "?" + mine() + "&batch.count=1");

        run(ContainerSpec.script("echo before; echo poison; echo after; sleep 600"));

        Await.until(WAIT, () -> bodies(receiver).contains("after"), () -> "'after', got " + bodies(receiver));
        assertThat(bodies(receiver)).containsExactly("before", "after");
        RouteChannel channel = logspout.routes().channels().get(0);
        assertThat(channel.rejectedCount()).isEqualTo(1);
        assertThat(channel.status()).isEqualTo(RouteChannel.Status.CONNECTED);
    }

    @Test
    void aReceiverThatIsDownAtStartGetsEverythingOnceItIsUp() {
        HttpReceiver receiver = receiver(); // not started
        Logspout logspout = logspout(Map.of(), "otlp://" + receiver.address() + "?" + mine());

        run(ContainerSpec.script(printNumbered(200) + "; sleep 600"));
        Await.until(WAIT, () -> !logspout.routes().channels().get(0).lastError().isEmpty(), () -> "a failed attempt");
        receiver.start();

        Await.until(WAIT, () -> records(receiver).size() >= 200, () -> "200 records, got " + records(receiver).size());
        assertThat(bodies(receiver)).containsExactlyElementsOf(numbered(200));
    }

    @Test
    void aReceiverRestartedMidStreamLosesNothingAndGetsNothingTwice() {
        HttpReceiver receiver = receiver().start();
        logspout(Map.of(), "otlp://" + receiver.address() + "?" + mine() + "&batch.count=20&batch.linger=5ms");

        // Slow enough that the restart falls in the middle: 20 lines, then a pause.
        run(ContainerSpec.script("i=1; while [ $i -le 2000 ]; do echo \"line $i\"; [ $((i % 20)) = 0 ] && sleep 0.01; i=$((i+1)); done; sleep 600"));
        Await.until(WAIT, () -> records(receiver).size() >= 300, () -> "300 records before the restart, got " + records(receiver).size());
        receiver.stop();
        receiver.start();

        Await.until(WAIT, () -> records(receiver).size() >= 2000, () -> "2000 records, got " + records(receiver).size());
        List<String> bodies = bodies(receiver);
        assertThat(new HashSet<>(bodies)).as("every line").containsExactlyInAnyOrderElementsOf(numbered(2000));
        // A line comes twice only when the restart cut off the 200 of the request that held it.
        Set<String> unacknowledged = receiver.unacknowledged().stream()
                .flatMap(request -> records(List.of(request)).stream()).map(Received::body).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        assertThat(bodies.stream().filter(body -> !seen.add(body))).as("lines sent again after a 200 reached logspout").isSubsetOf(unacknowledged);
    }

    @Test
    void multilineInFrontSendsATraceAsOneRecord() {
        HttpReceiver receiver = receiver().start();
        logspout(Map.of(), "multiline+otlp://" + receiver.address() + "?" + mine());

        run(ContainerSpec.script("printf '%s\\n' 'Exception in thread main' '\tat A.b(A.java:1)' '\tat A.main(A.java:2)' done; sleep 600"));

        Await.until(WAIT, () -> bodies(receiver).contains("done"), () -> "'done', got " + bodies(receiver));
        assertThat(bodies(receiver)).containsExactly("Exception in thread main\n\tat A.b(A.java:1)\n\tat A.main(A.java:2)", "done");
        assertThat(receiver.accepted().get(0).path()).isEqualTo("/v1/logs");
    }
}
