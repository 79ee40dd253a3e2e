package io.logspout.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.HttpReceiver;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code json+http://} end to end: real containers, a loopback receiver that reads each body as
 * NDJSON, strictly; with {@code format=bulk}, one that implements the bulk API's documented format ({@link BulkApi}).
 */
class JsonIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One line of the body: exactly logspout's message keys. */
    record Message(Map<String, Object> Container, String Source, String Data, String Time) {
    }

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private final String prefix = "json" + UUID.randomUUID().toString().substring(0, 6);

    private static List<Message> decode(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("an NDJSON body ends with a newline");
        }
        List<Message> messages = new ArrayList<>();
        for (String line : text.split("\n")) {
            try {
                messages.add(STRICT.readValue(line, Message.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not one JSON object per line: " + line, e);
            }
        }
        return messages;
    }

    @SuppressWarnings("unchecked")
    private static List<Message> messages(HttpReceiver receiver) {
        return receiver.accepted().stream().flatMap(request -> ((List<Message>) request.decoded()).stream()).toList();
    }

    @Test
    void eachLineIsOneJsonObjectInLogspoutsShapePostedToThePath() {
        HttpReceiver receiver = live.closing(new HttpReceiver(JsonIT::decode, null)).start();
        logspout("json+http://" + receiver.address() + "/ingest/v1?format=json");

        TestContainer app = run("echo 'first <a>'; echo second >&2; echo third; sleep 600");

        Await.until(WAIT, () -> messages(receiver).size() >= 3, () -> "3 messages, got " + messages(receiver));
        List<Message> messages = messages(receiver);
        assertThat(messages).extracting(Message::Data).containsExactlyInAnyOrder("first <a>", "second", "third");
        assertThat(messages).filteredOn(m -> m.Source().equals("stdout")).extracting(Message::Data).containsExactly("first <a>", "third");
        Message second = messages.stream().filter(m -> m.Data().equals("second")).findFirst().orElseThrow();
        assertThat(second.Source()).isEqualTo("stderr");
        assertThat(second.Container()).containsEntry("Id", app.id()).containsEntry("Name", "/" + app.name());
        assertThat(OffsetDateTime.parse(second.Time()).getYear()).isGreaterThan(2023);
        HttpReceiver.Request request = receiver.accepted().get(0);
        assertThat(request.path()).isEqualTo("/ingest/v1");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(request.text()).contains("\\u003ca\\u003e"); // Go's escapes, as /logs
    }

    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i).toList();
    }

    /** A receiver that is the bulk API {@code bulk}, answering each document. */
    private static HttpReceiver bulkApi(BulkApi bulk) {
        return live.closing(new HttpReceiver(bulk::bulk, null).answerBodies(answer -> (String) answer)).start();
    }

    /** An embedded logspout with one route, {@code uri} and this test's containers only. */
    private Logspout logspout(String uri) {
        return live.closing(Logspout.builder().config(Config.environment()).routes(uri + "&filter.name=" + prefix + "-*").build().start());
    }

    private TestContainer run(String script) {
        TestContainer app = live.docker().run(ContainerSpec.script(script).namePrefix(prefix));
        live.closingLast(app::remove);
        return app;
    }

    @Test
    void bulkBodiesCreateEachLineOnceThroughARetriedItemAndItsConflicts() {
        BulkApi bulk = new BulkApi("logs-docker");
        bulk.failOnce("line 7", 429, "es_rejected_execution_exception");
        HttpReceiver receiver = bulkApi(bulk);
        Logspout logspout = logspout("json+http://" + receiver.address() + "?format=bulk&index=logs-docker&batch.count=50");

        TestContainer app = run("i=1; while [ $i -le 300 ]; do echo \"line $i\"; i=$((i+1)); done; sleep 600");

        Await.until(WAIT, () -> bulk.indexed().size() >= 300, () -> "300 documents, got " + bulk.indexed().size());
        assertThat(bulk.indexed()).extracting(BulkApi.Document::Data).containsExactlyInAnyOrderElementsOf(numbered(300));
        // The batch with the 429 item was sent again whole: its other documents, there already, answered 409.
        assertThat(bulk.itemStatuses()).containsOnlyOnce(429).contains(409).filteredOn(status -> status == 201).hasSize(300);
        RouteChannel channel = logspout.routes().channels().get(0);
        Await.until(WAIT, () -> channel.sentCount() >= 300, () -> "300 sent, got " + channel.sentCount());
        assertThat(channel.rejectedCount()).isZero();
        BulkApi.Document first = bulk.indexed().get(0);
        assertThat(first.Container()).containsOnlyKeys("Id", "Name").containsEntry("Id", app.id()).containsEntry("Name", "/" + app.name());
        assertThat(first.Source()).isEqualTo("stdout");
        assertThat(first.timestamp()).endsWith("Z");
        assertThat(receiver.accepted()).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/_bulk");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-ndjson");
        });
    }

    @Test
    void aDocumentTheBulkApiRefusesRejectsItsBatchWhichIsCountedAndTheRouteGoesOn() {
        BulkApi bulk = new BulkApi("logs");
        bulk.failOnce("poison", 400, "mapper_parsing_exception");
        Logspout logspout = logspout("json+http://" + bulkApi(bulk).address() + "/_bulk?format=bulk&index=logs&batch.count=1");

        run("echo before; echo poison; echo after; sleep 600");

        Await.until(WAIT, () -> bulk.indexed().size() >= 2, () -> "2 documents, got " + bulk.indexed());
        assertThat(bulk.indexed()).extracting(BulkApi.Document::Data).containsExactly("before", "after");
        RouteChannel channel = logspout.routes().channels().get(0);
        assertThat(channel.rejectedCount()).isEqualTo(1);
        assertThat(channel.status()).isEqualTo(RouteChannel.Status.CONNECTED);
        assertThat(bulk.itemStatuses()).containsExactly(201, 400, 201);
    }
}
