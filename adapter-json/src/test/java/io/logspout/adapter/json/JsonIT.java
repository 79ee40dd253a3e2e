package io.logspout.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.Config;
import io.logspout.core.Logspout;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code json+http://} end to end: real containers, a loopback receiver that reads each body as NDJSON, strictly. */
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
        live.closing(Logspout.builder().config(Config.environment())
                .routes("json+http://" + receiver.address() + "/ingest/v1?filter.name=" + prefix + "-*").build().start());

        TestContainer app = live.docker().run(ContainerSpec.script("echo 'first <a>'; echo second >&2; echo third; sleep 600").namePrefix(prefix));
        live.closingLast(app::remove);

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
}
