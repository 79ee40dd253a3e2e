package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logspout.api.LogMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter as logspout creates it for a route, writing into an output that keeps each datagram. */
class GelfAdapterTest {
    private static final Map<String, String> HOST = Map.of("GELF_HOSTNAME", "docker-host-1");

    private final RecordingOutput out = new RecordingOutput();

    private static GelfAdapter udp(Map<String, String> options) {
        return (GelfAdapter) new GelfAdapterFactory().create(Samples.context(true, options, HOST));
    }

    private static GelfAdapter tcp() {
        return (GelfAdapter) new GelfAdapterFactory().create(Samples.context(false, Map.of(), HOST));
    }

    @Test
    void overUdpAShortLineIsOneGzippedDatagram() {
        out.take(udp(Map.of()), Samples.line("hello"));

        byte[] datagram = out.messages().getFirst();
        assertThat(out.messages()).hasSize(1);
        assertThat(datagram).startsWith((byte) 0x1f, (byte) 0x8b);
        JsonNode message = GelfDecoder.parse(GelfDecoder.gunzipIfGzipped(datagram));
        assertThat(message.get("short_message").textValue()).isEqualTo("hello");
        assertThat(message.get("host").textValue()).isEqualTo("docker-host-1");
        assertThat(message.get("_container_name").textValue()).isEqualTo("web-1");
    }

    @Test
    void compressNoneSendsThePlainJson() {
        out.take(udp(Map.of("compress", "none")), Samples.line("hello"));

        assertThat(GelfDecoder.parse(out.messages().getFirst()).get("short_message").textValue()).isEqualTo("hello");
    }

    @Test
    void overTcpEachMessageIsTheJsonEndedByOneNullByte() {
        GelfAdapter adapter = tcp();

        out.take(adapter, Samples.line("with a \u0000 inside"));
        out.take(adapter, Samples.line(Samples.letters(100_000, 1))); // never cut nor chunked over TCP

        List<byte[]> messages = out.messages();
        assertThat(messages).hasSize(2);
        for (byte[] message : messages) {
            assertThat(message[message.length - 1]).isZero();
            assertThat(Arrays.copyOf(message, message.length - 1)).doesNotContain((byte) 0).startsWith((byte) '{');
        }
        assertThat(text(messages.get(0))).isEqualTo("with a \u0000 inside");
        assertThat(text(messages.get(1))).isEqualTo(Samples.letters(100_000, 1));
    }

    private static String text(byte[] nullTerminated) {
        return GelfDecoder.parse(Arrays.copyOf(nullTerminated, nullTerminated.length - 1)).get("short_message").textValue();
    }

    @Test
    void aLongLineIsChunkedAndAReceiverPutsItBackTogether() {
        String line = Samples.letters(20_000, 2);
        GelfAdapter adapter = udp(Map.of());

        out.take(adapter, Samples.line("before"));
        out.take(adapter, Samples.line(line));
        out.take(adapter, Samples.line("after"));

        List<byte[]> datagrams = out.messages();
        assertThat(datagrams.size()).isGreaterThan(3);
        assertThat(datagrams).allSatisfy(datagram -> assertThat(datagram.length).isLessThanOrEqualTo(1420));
        assertThat(GelfDecoder.datagrams(datagrams)).extracting(message -> message.get("short_message").textValue())
                .containsExactly("before", line, "after");
        assertThat(adapter.cutCount()).isZero();
    }

    @Test
    void chunkSizeIsTheLargestDatagram() {
        String line = Samples.letters(20_000, 3);

        out.take(udp(Map.of("chunk_size", "8154", "compress", "none")), Samples.line(line));

        List<byte[]> datagrams = out.messages();
        assertThat(datagrams).hasSize(3);
        assertThat(datagrams.get(0)).hasSize(8154);
        assertThat(GelfDecoder.datagrams(datagrams).getFirst().get("short_message").textValue()).isEqualTo(line);
    }

    @Test
    void aLineTooLongFor128ChunksIsCutToFitAndCounted() {
        for (String compress : List.of("none", "gzip")) {
            RecordingOutput datagrams = new RecordingOutput();
            GelfAdapter adapter = udp(Map.of("chunk_size", "128", "compress", compress));
            String line = Samples.letters(60_000, 4);

            datagrams.take(adapter, Samples.line(line));
            datagrams.take(adapter, Samples.line("next"));

            List<JsonNode> received = GelfDecoder.datagrams(datagrams.messages());
            assertThat(datagrams.messages()).as(compress).hasSizeBetween(100, 129);
            String cut = received.get(0).get("short_message").textValue();
            assertThat(line).as(compress).startsWith(cut);
            assertThat(cut.length()).as(compress).isBetween(5_000, 59_999);
            assertThat(received.get(1).get("short_message").textValue()).isEqualTo("next");
            assertThat(adapter.cutCount()).as(compress).isEqualTo(1);
        }
    }

    @Test
    void aCutNeverSplitsACharacterOfTwoUtf16Units() {
        String line = "😀".repeat(20_000);
        GelfAdapter adapter = udp(Map.of("chunk_size", "128", "compress", "none"));

        out.take(adapter, Samples.line(line));

        String cut = GelfDecoder.datagrams(out.messages()).getFirst().get("short_message").textValue();
        assertThat(cut).isNotEmpty().doesNotContain("?");
        assertThat(line).startsWith(cut);
    }

    @Test
    void aMessageThatCannotFitEvenWithoutItsLineIsDroppedAndCounted() {
        GelfAdapter adapter = udp(Map.of("chunk_size", "128", "compress", "none"));
        LogMessage huge = new LogMessage(Samples.container(Map.of("gelf_big", Samples.letters(20_000, 5))), LogMessage.STDOUT, "x", 0);

        out.take(adapter, huge);

        assertThat(out.messages()).isEmpty();
        assertThat(adapter.droppedCount()).isEqualTo(1);
    }
}
