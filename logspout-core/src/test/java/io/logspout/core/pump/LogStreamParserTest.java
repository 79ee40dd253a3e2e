package io.logspout.core.pump;

import static io.logspout.core.pump.LogStreamParser.STDERR;
import static io.logspout.core.pump.LogStreamParser.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogStreamParserTest {
    private static final String T1 = "2021-12-03T10:15:30.000000001Z";
    private static final String T2 = "2021-12-03T10:15:30.000000002Z";
    private static final String T3 = "2021-12-03T10:15:30.000000003Z";
    private static final long N1 = DockerTimestamps.parse(T1);
    private static final long N2 = DockerTimestamps.parse(T2);
    private static final long N3 = DockerTimestamps.parse(T3);

    record Line(int source, long time, String data) {
        static Line out(long time, String data) {
            return new Line(STDOUT, time, data);
        }

        static Line err(long time, String data) {
            return new Line(STDERR, time, data);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private ResumePosition position;

    /** A parser for a container read for the first time. */
    private LogStreamParser parser(boolean raw) {
        position = new ResumePosition();
        return new LogStreamParser(raw, position, (source, time, bytes, length) -> lines.add(
                new Line(source, time, new String(bytes, 0, length, StandardCharsets.ISO_8859_1))));
    }

    @Test
    void demultiplexesStdoutAndStderrFrames() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " out\n"), frame(2, T2 + " err\n"), frame(0, T3 + " stdin counts as stdout\n"));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, "out"), Line.err(N2, "err"), Line.out(N3, "stdin counts as stdout"));
    }

    @Test
    void keepsCarriageReturnsAndEmptyLines() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " windows\r\n"), frame(1, T2 + " \n"), frame(2, T3 + " \r\n"));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, "windows\r"), Line.out(N2, ""), Line.err(N3, "\r"));
    }

    @Test
    void splitsAFramePayloadWithSeveralLinesOnNewlinesOnly() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = frame(1, T1 + " one\ntwo\r\n\nthree\n");

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, "one"), Line.out(N1, "two\r"), Line.out(N1, ""), Line.out(N1, "three"));
    }

    @Test
    void givesTheSameLinesWhenTheStreamIsCutAtAnyByte() throws IOException {
        byte[] stream = concat(
                frame(1, T1 + " first\n"),
                frame(2, T1 + " partial err "),
                frame(1, T2 + " second\r\n"),
                frame(2, T2 + " joined\n"),
                frame(1, T3 + " \n"));
        List<Line> expected = List.of(Line.out(N1, "first"), Line.out(N2, "second\r"), Line.err(N1, "partial err joined"), Line.out(N3, ""));

        for (int cut = 0; cut <= stream.length; cut++) {
            lines.clear();
            LogStreamParser parser = parser(false);
            parser.accept(stream, 0, cut);
            parser.accept(stream, cut, stream.length - cut);
            assertThat(lines).as("cut at %d", cut).isEqualTo(expected);
        }
        lines.clear();
        LogStreamParser parser = parser(false);
        for (int i = 0; i < stream.length; i++) {
            parser.accept(stream, i, 1);
        }
        assertThat(lines).as("byte by byte").isEqualTo(expected);
    }

    @Test
    void joinsDockersPartialEntriesIntoOneLineWithTheTimeOfTheFirstPart() throws IOException {
        LogStreamParser parser = parser(false);
        String line = "x".repeat(100 * 1024);
        byte[] stream = partialFrames(1, line, T1, T2, T3);

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, line));
    }

    @Test
    void joinsInterleavedStdoutAndStderrPartialsSeparately() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(
                frame(1, T1 + " out-a "),
                frame(2, T1 + " err-a "),
                frame(1, T2 + " out-b "),
                frame(2, T3 + " err-b\n"),
                frame(1, T3 + " out-c\n"));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.err(N1, "err-a err-b"), Line.out(N1, "out-a out-b out-c"));
    }

    @Test
    void passesInvalidUtf8BytesThrough() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] data = {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'};
        byte[] stream = frame(1, concat(ascii(T1 + " "), data));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().data()).isEqualTo("ok\u00C3(\u00FF");
    }

    @Test
    void readsATtyStreamWithoutHeadersAsStdout() throws IOException {
        LogStreamParser parser = parser(true);
        byte[] stream = ascii(T1 + " hi\r\n" + T2 + " a\r\r\n" + T3 + " \n");

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, "hi\r"), Line.out(N2, "a\r\r"), Line.out(N3, ""));
    }

    @Test
    void joinsPartialEntriesOfATtyStreamWhereDockerCutThem() throws IOException {
        String line = "y".repeat(2 * LogStreamParser.DOCKER_PARTIAL_BYTES + 100);
        byte[] stream = concat(
                ascii(T1 + " " + line.substring(0, LogStreamParser.DOCKER_PARTIAL_BYTES)),
                ascii(T1 + " " + line.substring(LogStreamParser.DOCKER_PARTIAL_BYTES, 2 * LogStreamParser.DOCKER_PARTIAL_BYTES)),
                ascii(T1 + " " + line.substring(2 * LogStreamParser.DOCKER_PARTIAL_BYTES) + "\n"),
                ascii(T2 + " next\n"));

        for (int cut : new int[] {0, 20, LogStreamParser.DOCKER_PARTIAL_BYTES + 31, LogStreamParser.DOCKER_PARTIAL_BYTES + 40, stream.length - 3}) {
            lines.clear();
            LogStreamParser parser = parser(true);
            parser.accept(stream, 0, cut);
            parser.accept(stream, cut, stream.length - cut);
            assertThat(lines).as("cut at %d", cut).containsExactly(Line.out(N1, line), Line.out(N2, "next"));
        }
    }

    @Test
    void endsTheStreamOnAnErrorFromTheDaemon() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " before\n"), frame(3, "no space left on device\n"), frame(1, T2 + " after\n"));

        assertThatThrownBy(() -> parser.accept(stream, 0, stream.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no space left on device");
        assertThat(lines).containsExactly(Line.out(N1, "before"));
    }

    @Test
    void rejectsAnUnknownStreamType() {
        LogStreamParser parser = parser(false);
        byte[] stream = frame(7, T1 + " x\n");

        assertThatThrownBy(() -> parser.accept(stream, 0, stream.length)).isInstanceOf(IOException.class).hasMessageContaining("stream type 7");
    }

    @Test
    void deliversATrailingPartialLineAtTheEndOfTheOutput() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " complete\n"), frame(2, T2 + " no newline"), frame(1, T3 + " last words"));
        parser.accept(stream, 0, stream.length);
        assertThat(lines).containsExactly(Line.out(N1, "complete"));
        assertThat(parser.linePending()).isTrue();

        parser.endOfOutput();

        assertThat(lines).containsExactly(Line.out(N1, "complete"), Line.err(N2, "no newline"), Line.out(N3, "last words"));
        assertThat(parser.linePending()).isFalse();
        assertThat(position.newest()).isEqualTo(N3);
        assertThat(position.takenSince(N1)).isEqualTo(3);
    }

    @Test
    void nothingIsPendingAfterAStreamThatEndsWithANewline() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " a\n"), frame(2, T2 + " b\n"));
        parser.accept(stream, 0, stream.length);

        assertThat(parser.linePending()).isFalse();
    }

    @Test
    void deliversATrailingPartialLineOfATtyStream() throws IOException {
        LogStreamParser parser = parser(true);
        byte[] stream = ascii(T1 + " done\r\n" + T2 + " b");
        parser.accept(stream, 0, stream.length);
        assertThat(parser.linePending()).isTrue();

        parser.endOfOutput();

        assertThat(lines).containsExactly(Line.out(N1, "done\r"), Line.out(N2, "b"));
        assertThat(position.newest()).isEqualTo(N2);
        assertThat(position.takenSince(N1)).isEqualTo(2);
    }

    @Test
    void countsEveryCompleteEntryInTheResumePosition() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " a\n"), frame(1, T2 + " part "), frame(2, T2 + " err\n"), frame(1, T2 + " rest\n"));

        parser.accept(stream, 0, stream.length);

        assertThat(position.newest()).isEqualTo(N2);
        assertThat(position.since()).isEqualTo(N1);
        assertThat(position.takenSince(N1)).isEqualTo(4);
        assertThat(position.takenSince(N2)).isEqualTo(3);
    }

    @Test
    void resumesWithoutRepeatingOrLosingEntriesThatShareATimestamp() throws IOException {
        byte[] first = concat(frame(1, T1 + " one\n"), frame(1, T2 + " two-a\n"), frame(2, T2 + " two-b\n"));
        // Docker answers since=T1 with every entry from T1 on, including the three already read.
        byte[] resumed = concat(frame(1, T1 + " one\n"), frame(1, T2 + " two-a\n"), frame(2, T2 + " two-b\n"),
                frame(1, T2 + " two-c\n"), frame(1, T3 + " three\n"));
        LogStreamParser parser = parser(false);

        parser.accept(first, 0, first.length);
        assertThat(position.since()).isEqualTo(N1);
        parser.startStream(position.since());
        parser.accept(resumed, 0, resumed.length);

        assertThat(lines).containsExactly(
                Line.out(N1, "one"), Line.out(N2, "two-a"), Line.err(N2, "two-b"), Line.out(N2, "two-c"), Line.out(N3, "three"));
    }

    @Test
    void resumesAfterAnEntryStampedEarlierThanOneBeforeIt() throws IOException {
        // Docker stamps stdout and stderr separately: "two" was stamped before "three" but follows it.
        long n4 = N3 + 1;
        String t4 = "2021-12-03T10:15:30.000000004Z";
        byte[] file = concat(frame(1, T1 + " one\n"), frame(1, T3 + " three\n"), frame(2, T2 + " two\n"), frame(1, t4 + " four\n"));
        int beforeTwo = frame(1, T1 + " one\n").length + frame(1, T3 + " three\n").length;
        LogStreamParser parser = parser(false);

        parser.accept(file, 0, beforeTwo);
        assertThat(position.since()).isEqualTo(N1);
        parser.startStream(position.since());
        parser.accept(file, 0, file.length); // since=T1 gives the whole file again

        assertThat(lines).containsExactly(Line.out(N1, "one"), Line.out(N3, "three"), Line.err(N2, "two"), Line.out(n4, "four"));
    }

    @Test
    void aStreamThatBreaksInsideAnEntryReadsThatEntryAgainInFull() throws IOException {
        byte[] whole = concat(frame(1, T1 + " one\n"), frame(1, T2 + " two\n"));
        int insideSecondFrame = frame(1, T1 + " one\n").length + 8 + T2.length() + 2;
        byte[] resumed = concat(frame(1, T1 + " one\n"), frame(1, T2 + " two\n"), frame(1, T3 + " three\n"));
        LogStreamParser parser = parser(false);

        parser.accept(whole, 0, insideSecondFrame);
        parser.startStream(position.since());
        parser.accept(resumed, 0, resumed.length);

        assertThat(lines).containsExactly(Line.out(N1, "one"), Line.out(N2, "two"), Line.out(N3, "three"));
    }

    @Test
    void keepsAPendingPartialLineAcrossStreams() throws IOException {
        byte[] first = concat(frame(1, T1 + " begin "));
        byte[] resumed = concat(frame(1, T1 + " begin "), frame(1, T2 + " end\n"));
        LogStreamParser parser = parser(false);

        parser.accept(first, 0, first.length);
        parser.startStream(position.since());
        parser.accept(resumed, 0, resumed.length);

        assertThat(lines).containsExactly(Line.out(N1, "begin end"));
    }

    @Test
    void resumesATtyStreamInsideALineThatDockerCut() throws IOException {
        String part = "z".repeat(LogStreamParser.DOCKER_PARTIAL_BYTES);
        byte[] stream = ascii(T1 + " " + part + T1 + " " + part + T1 + " tail\n" + T2 + " next\n");
        int afterFirstPart = T1.length() + 1 + part.length() + 10;
        LogStreamParser parser = parser(true);

        parser.accept(stream, 0, afterFirstPart);
        parser.startStream(position.since());
        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, part + part + "tail"), Line.out(N2, "next"));
    }

    @Test
    void deliversLinesLongerThanTheLimitInPiecesCutBetweenUtf8Characters() throws IOException {
        LogStreamParser parser = parser(false);
        // "é" is two bytes; the limit falls inside one of them.
        String text = "a" + "\u00e9".repeat(LogStreamParser.MAX_LINE_BYTES / 2 + 10);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] stream = frame(1, concat(ascii(T1 + " "), utf8, new byte[] {'\n'}));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).data().length()).isEqualTo(LogStreamParser.MAX_LINE_BYTES - 1);
        String joined = lines.get(0).data() + lines.get(1).data();
        assertThat(joined.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(utf8);
        assertThat(lines).allSatisfy(line -> assertThat(line.time()).isEqualTo(N1));
    }

    @Test
    void keepsBytesThatAreNotATimestampAsData() throws IOException {
        LogStreamParser parser = parser(false);
        byte[] stream = concat(frame(1, T1 + " timed\n"), frame(1, "not-a-timestamp here\n"), frame(1, "x".repeat(60) + "\n"));

        parser.accept(stream, 0, stream.length);

        assertThat(lines).containsExactly(Line.out(N1, "timed"), Line.out(N1, "not-a-timestamp here"), Line.out(N1, "x".repeat(60)));
    }

    private static byte[] partialFrames(int type, String line, String... times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int part = LogStreamParser.DOCKER_PARTIAL_BYTES;
        for (int i = 0, start = 0; start < line.length(); i++, start += part) {
            String chunk = line.substring(start, Math.min(line.length(), start + part));
            boolean last = start + part >= line.length();
            out.writeBytes(frame(type, times[Math.min(i, times.length - 1)] + " " + chunk + (last ? "\n" : "")));
        }
        return out.toByteArray();
    }

    static byte[] frame(int type, String payload) {
        return frame(type, ascii(payload));
    }

    static byte[] frame(int type, byte[] payload) {
        byte[] frame = new byte[8 + payload.length];
        frame[0] = (byte) type;
        frame[4] = (byte) (payload.length >>> 24);
        frame[5] = (byte) (payload.length >>> 16);
        frame[6] = (byte) (payload.length >>> 8);
        frame[7] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 8, payload.length);
        return frame;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
