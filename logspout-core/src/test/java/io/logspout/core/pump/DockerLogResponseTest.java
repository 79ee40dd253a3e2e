package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerLogResponseTest {
    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
            + "Transfer-Encoding: chunked\r\nDate: Tue, 24 Nov 2026 10:00:00 GMT\r\n\r\n";

    /** Reads that return these pieces, one per read, then the end of the connection. */
    private static final class Pieces extends InputStream {
        private final Deque<byte[]> pieces;
        int reads;
        boolean closed;

        Pieces(List<byte[]> pieces) {
            this.pieces = new ArrayDeque<>(pieces);
        }

        static Pieces of(String... pieces) {
            return new Pieces(Arrays.stream(pieces).map(DockerLogResponseTest::bytes).toList());
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            byte[] next = pieces.poll();
            if (next == null) {
                return -1;
            }
            int n = Math.min(len, next.length);
            System.arraycopy(next, 0, b, off, n);
            if (n < next.length) {
                pieces.push(Arrays.copyOfRange(next, n, next.length));
            }
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("DockerLogResponse reads in blocks");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static DockerLogResponse open(Pieces in) throws IOException {
        return DockerLogResponse.open(in, in, 0);
    }

    /** The whole body, read with a buffer of {@code bufferBytes}. */
    private static String body(DockerLogResponse stream, int bufferBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferBytes];
        int n;
        while ((n = stream.read(buffer, 0, buffer.length)) >= 0) {
            assertThat(n).as("a read returns data or the end").isPositive();
            body.write(buffer, 0, n);
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesChunksWithExtensionsAndTrailersCutAtAnyByte() throws IOException {
        String response = CHUNKED_HEAD
                + "5\r\nfirst\r\n"
                + "7;name=value;other\r\n second\r\n"
                + "b\r\n 0123456789\r\n"
                + "1a \r\n abcdefghijklmnopqrstuvwxy\r\n"
                + "0\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n";
        String expected = "first second 0123456789 abcdefghijklmnopqrstuvwxy";

        for (int cut = 0; cut <= response.length(); cut++) {
            DockerLogResponse stream = open(Pieces.of(response.substring(0, cut), response.substring(cut)));

            assertThat(stream.status()).as("cut at %d", cut).isEqualTo(200);
            assertThat(body(stream, 64)).as("cut at %d", cut).isEqualTo(expected);
        }
        byte[] all = bytes(response);
        List<byte[]> oneByteEach = new ArrayList<>();
        for (byte b : all) {
            oneByteEach.add(new byte[] {b});
        }
        assertThat(body(open(new Pieces(oneByteEach)), 64)).as("a byte per read").isEqualTo(expected);
        assertThat(body(open(Pieces.of(response)), 3)).as("a 3-byte buffer").isEqualTo(expected);
    }

    @Test
    void returnsEveryChunkThatHasArrivedInOneRead() throws IOException {
        StringBuilder chunks = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String entry = "entry " + i + "\n";
            chunks.append(Integer.toHexString(entry.length())).append("\r\n").append(entry).append("\r\n");
            expected.append(entry);
        }
        Pieces in = Pieces.of(CHUNKED_HEAD, chunks.toString(), "0\r\n\r\n");
        DockerLogResponse stream = open(in);
        byte[] buffer = new byte[16 * 1024];

        int n = stream.read(buffer, 0, buffer.length);

        assertThat(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo(expected.toString());
        assertThat(stream.read(buffer, 0, buffer.length)).isEqualTo(-1);
    }

    @Test
    void endsAtTheLastChunkWithoutReadingFurther() throws IOException {
        Pieces in = Pieces.of(CHUNKED_HEAD + "3\r\nabc\r\n0\r\n\r\n", "not part of the answer");
        DockerLogResponse stream = open(in);

        assertThat(body(stream, 64)).isEqualTo("abc");
        assertThat(in.reads).isEqualTo(1);
    }

    @Test
    void readsContentLengthAndConnectionDelimitedBodies() throws IOException {
        DockerLogResponse sized = open(Pieces.of("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nabc", "de", "not part of the answer"));
        assertThat(body(sized, 2)).isEqualTo("abcde");

        DockerLogResponse tillClose = open(Pieces.of("HTTP/1.0 200 OK\nContent-Type: text/plain\n\nuntil", " the end"));
        assertThat(tillClose.status()).isEqualTo(200);
        assertThat(body(tillClose, 64)).isEqualTo("until the end");

        DockerLogResponse otherCoding = open(Pieces.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nnot chunked"));
        assertThat(body(otherCoding, 64)).as("a last coding other than chunked: until the end").isEqualTo("not chunked");

        DockerLogResponse noContent = open(Pieces.of("HTTP/1.1 204 No Content\r\n\r\n", "stray"));
        assertThat(body(noContent, 64)).isEmpty();
    }

    @Test
    void givesTheStatusAndDockersErrorMessage() throws IOException {
        String json = "{\"message\":\"No such container: c0ffee\"}";
        DockerLogResponse missing = open(Pieces.of("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json.substring(0, 10), json.substring(10)));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(DockerEngine.errorMessage(missing)).isEqualTo("No such container: c0ffee");

        String refusal = "{\"message\":\"configured logging driver does not support reading\"}\n";
        DockerLogResponse refused = open(Pieces.of("HTTP/1.1 501 Not Implemented\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(refusal.length()) + "\r\n" + refusal + "\r\n0\r\n\r\n"));
        assertThat(refused.status()).isEqualTo(501);
        assertThat(DockerEngine.errorMessage(refused)).isEqualTo("configured logging driver does not support reading");

        DockerLogResponse plain = open(Pieces.of("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 12\r\n\r\nout of luck\n"));
        assertThat(DockerEngine.errorMessage(plain)).isEqualTo("out of luck");
    }

    @Test
    void failsWhenTheConnectionEndsEarly() throws IOException {
        assertThatThrownBy(() -> open(Pieces.of())).isInstanceOf(EOFException.class).hasMessageContaining("without an answer");
        assertThatThrownBy(() -> open(Pieces.of("HTTP/1.1 200 OK\r\nTransfer-"))).isInstanceOf(EOFException.class);

        DockerLogResponse inChunk = open(Pieces.of(CHUNKED_HEAD + "10\r\nonly part"));
        byte[] buffer = new byte[64];
        assertThat(inChunk.read(buffer, 0, 64)).isEqualTo(9);
        assertThatThrownBy(() -> inChunk.read(buffer, 0, 64)).isInstanceOf(EOFException.class);

        DockerLogResponse betweenChunks = open(Pieces.of(CHUNKED_HEAD + "3\r\nabc\r\n"));
        assertThatThrownBy(() -> body(betweenChunks, 64)).as("no last chunk").isInstanceOf(EOFException.class);

        DockerLogResponse shortBody = open(Pieces.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        assertThatThrownBy(() -> body(shortBody, 64)).isInstanceOf(EOFException.class);
    }

    @Test
    void rejectsWhatIsNotAnHttpAnswer() throws IOException {
        assertThatThrownBy(() -> open(Pieces.of("SSH-2.0-OpenSSH_9.2\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.x status line: SSH-2.0");
        assertThatThrownBy(() -> open(Pieces.of("HTTP/1.1 2x0 OK\r\n\r\n"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> open(Pieces.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")))
                .hasMessageContaining("invalid Content-Length: -1");
        assertThatThrownBy(() -> open(Pieces.of("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(DockerLogResponse.MAX_HEAD_BYTES / 6))))
                .hasMessageContaining("no end of its headers");

        for (String badChunk : List.of("x\r\n", "\r\n", "3\rabc", "3\r\nabcd\r\n", "3\r\nabc\rx", "12345678901234567\r\n")) {
            DockerLogResponse stream = open(Pieces.of(CHUNKED_HEAD + badChunk));
            assertThatThrownBy(() -> body(stream, 64)).as(badChunk).isInstanceOf(IOException.class).isNotInstanceOf(EOFException.class);
        }
    }

    @Test
    void anInterruptDuringThePauseAfterAShortReadEndsTheRead() throws IOException {
        Pieces in = Pieces.of(CHUNKED_HEAD, "3\r\nabc\r\n", "3\r\ndef\r\n");
        DockerLogResponse stream = DockerLogResponse.open(in, in, Long.MAX_VALUE);
        byte[] buffer = new byte[64];
        assertThat(stream.read(buffer, 0, 64)).as("a short read").isEqualTo(3);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> stream.read(buffer, 0, 64)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(in.reads).as("the connection was not read after the short read").isEqualTo(2);
    }

    @Test
    void afterAReadThatWaitedLongForItsDataTheNextReadFollowsAtOnce() throws IOException {
        Pieces in = Pieces.of(CHUNKED_HEAD, "3\r\nabc\r\n", "3\r\ndef\r\n");
        long pauseNanos = 1_000_000;
        long[] now = {0};
        // Each look at the clock is that many pauses later: every read seems to have waited that long for its data.
        DockerLogResponse stream = DockerLogResponse.open(in, in, pauseNanos, () -> now[0] += DockerLogResponse.QUIET_PAUSES * pauseNanos);
        byte[] buffer = new byte[64];
        assertThat(stream.read(buffer, 0, 64)).as("a short read after a quiet stretch").isEqualTo(3);

        Thread.currentThread().interrupt(); // a pause would end in an InterruptedIOException
        try {
            assertThat(stream.read(buffer, 0, 64)).as("read without a pause").isEqualTo(3);
            assertThat(new String(buffer, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("def");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closingClosesTheConnectionAndEndsReading() throws IOException {
        Pieces in = Pieces.of(CHUNKED_HEAD + "3\r\nabc\r\n", "3\r\ndef\r\n");
        DockerLogResponse stream = open(in);

        stream.close();

        assertThat(in.closed).isTrue();
        assertThatThrownBy(() -> stream.read(new byte[64], 0, 64)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
