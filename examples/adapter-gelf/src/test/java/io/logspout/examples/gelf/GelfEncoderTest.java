package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GelfEncoderTest {
    private final GelfEncoder encoder = new GelfEncoder("docker-host-1");
    private final ByteArrayOutput json = new ByteArrayOutput(256, Integer.MAX_VALUE);

    private String encode(LogMessage message) {
        return encode(message, message.data().length());
    }

    private String encode(LogMessage message, int dataChars) {
        encoder.encode(message, dataChars, json);
        return new String(json.array(), 0, json.size(), StandardCharsets.UTF_8);
    }

    private JsonNode decode(LogMessage message) {
        return GelfDecoder.parse(encode(message).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStdoutLineHasTheGelfFieldsAndTheContainersAsAdditionalFields() {
        String text = encode(Samples.line("hello world"));

        assertThat(text).isEqualTo("{\"version\":\"1.1\",\"host\":\"docker-host-1\",\"short_message\":\"hello world\","
                + "\"timestamp\":1700000000.123,\"level\":6,\"_container_id\":\"" + Samples.ID + "\",\"_container_name\":\"web-1\","
                + "\"_image_id\":\"" + Samples.IMAGE_ID + "\",\"_image_name\":\"busybox:latest\",\"_command\":\"sh -c echo hi\","
                + "\"_created\":\"" + Samples.CREATED + "\"}");
        JsonNode parsed = GelfDecoder.parse(text.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.get("timestamp").doubleValue()).isEqualTo(1_700_000_000.123);
    }

    @Test
    void stderrIsLevelErrorAndStdoutInformational() {
        LogMessage out = Samples.line("x");
        LogMessage err = new LogMessage(out.container(), LogMessage.STDERR, "x", out.timeNanos());

        assertThat(decode(out).get("level").intValue()).isEqualTo(6);
        assertThat(decode(err).get("level").intValue()).isEqualTo(3);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndWritesTheRestAsUtf8() {
        assertThat(encode(Samples.line("a\"b\\c\nd\re\tf\u0000g\u001fh\u007f")))
                .contains("\"short_message\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\u007f\"");

        String every = "quote\" backslash\\ slash/ nl\n cr\r tab\t nul\u0000 bell\u0007 esc\u001b é € 😀 ∑";
        byte[] bytes = encode(Samples.line(every)).getBytes(StandardCharsets.UTF_8);

        assertThat(GelfDecoder.parse(bytes).get("short_message").textValue()).isEqualTo(every);
        // GELF over TCP ends a message with a null byte; the JSON itself never holds one.
        assertThat(bytes).doesNotContain((byte) 0).doesNotContain((byte) '\n');
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMark() {
        assertThat(decode(Samples.line("a\uD800b")).get("short_message").textValue()).isEqualTo("a?b");
    }

    @Test
    void shortMessageCanBeCutToItsFirstCharacters() {
        assertThat(decode(Samples.line("hello world")).get("short_message").textValue()).isEqualTo("hello world");
        assertThat(GelfDecoder.parse(encode(Samples.line("hello world"), 5).getBytes(StandardCharsets.UTF_8))
                .get("short_message").textValue()).isEqualTo("hello");
    }

    @Test
    void timestampIsSecondsWithMillisecondsAlwaysThreeDigits() {
        assertThat(timestamp(1_700_000_000_123_456_789L)).isEqualTo("1700000000.123");
        assertThat(timestamp(1_700_000_000_005_999_999L)).isEqualTo("1700000000.005");
        assertThat(timestamp(1_700_000_000_000_000_000L)).isEqualTo("1700000000.000");
        assertThat(timestamp(999_999_999L)).isEqualTo("0.999");
        assertThat(timestamp(0)).isEqualTo("0.000");
    }

    private static String timestamp(long nanos) {
        ByteArrayOutput out = new ByteArrayOutput(32, 32);
        GelfEncoder.writeTimestamp(nanos, out);
        return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
    }

    @Test
    void labelsStartingWithGelfBecomeFieldsOthersAreNotSent() {
        ContainerInfo container = Samples.container(Map.of(
                "gelf_service", "web",
                "GELF_Team", "core",
                "gelf_a b/c", "odd",
                "gelf_", "no name",
                "gelf_id", "reserved by GELF",
                "gelf_container_name", "not the container's",
                "com.example.owner", "not sent"));

        JsonNode parsed = decode(new LogMessage(container, LogMessage.STDOUT, "x", Samples.TIME_NANOS));

        assertThat(parsed.get("_service").textValue()).isEqualTo("web");
        assertThat(parsed.get("_Team").textValue()).isEqualTo("core");
        assertThat(parsed.get("_a_b_c").textValue()).isEqualTo("odd");
        assertThat(parsed.get("_container_name").textValue()).isEqualTo("web-1");
        assertThat(parsed.has("_id")).isFalse();
        List<String> names = fieldNames(parsed);
        assertThat(names).containsExactly("version", "host", "short_message", "timestamp", "level", "_container_id", "_container_name",
                "_image_id", "_image_name", "_command", "_created", "_Team", "_a_b_c", "_service");
    }

    @Test
    void emptyContainerFieldsAreLeftOut() {
        ContainerInfo bare = new ContainerInfo(Samples.ID, "", "", "", "", Map.of(), List.of(), 0, false, Map.of());

        JsonNode parsed = decode(new LogMessage(bare, LogMessage.STDOUT, "x", Samples.TIME_NANOS));

        assertThat(fieldNames(parsed)).containsExactly("version", "host", "short_message", "timestamp", "level", "_container_id");
    }

    @Test
    void aRenamedContainerGetsItsNewNameAndAForgottenOneIsEncodedAgain() {
        LogMessage before = Samples.line("x");
        ContainerInfo renamed = before.container().withName("/web-2");

        assertThat(decode(before).get("_container_name").textValue()).isEqualTo("web-1");
        assertThat(decode(new LogMessage(renamed, LogMessage.STDOUT, "x", 0)).get("_container_name").textValue()).isEqualTo("web-2");
        encoder.forget(renamed);
        assertThat(decode(before).get("_container_name").textValue()).isEqualTo("web-1");
    }

    @Test
    void labelNamesKeepWhatGelfAllowsAndReplaceTheRest() {
        assertThat(GelfEncoder.fieldName("com.example-app_v2")).isEqualTo("_com.example-app_v2");
        assertThat(GelfEncoder.fieldName("a b:c/é")).isEqualTo("_a_b_c__");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
