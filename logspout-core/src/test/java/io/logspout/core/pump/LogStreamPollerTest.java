package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.testsupport.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogStreamPoller} reading chunked answers from a scripted engine over real Unix sockets:
 * each test plays the engine's side of the connections it opens.
 */
class LogStreamPollerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String LAST_CHUNK = "0\r\n\r\n";

    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private final LogStreamPoller poller = new LogStreamPoller(Duration.ofMillis(1));
    private final List<SocketChannel> connections = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("docker.sock")));
    }

    @AfterEach
    void close() throws Exception {
        poller.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
        server.close();
    }

    @Test
    void handsEachStreamsBodyToItsHandlerInOrderOnThePollerThread() throws Exception {
        List<Polled> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(open(HEAD));
        }
        for (int line = 0; line < 50; line++) {
            for (int i = 0; i < streams.size(); i++) {
                streams.get(i).engine.write(ByteBuffer.wrap(chunk("s" + i + " line " + line + "\n")));
            }
        }
        for (Polled stream : streams) {
            stream.engine.write(ByteBuffer.wrap(bytes(LAST_CHUNK)));
        }

        for (int i = 0; i < streams.size(); i++) {
            Polled stream = streams.get(i);
            stream.stream.await(); // normally: the body ended
            StringBuilder expected = new StringBuilder();
            for (int line = 0; line < 50; line++) {
                expected.append("s").append(i).append(" line ").append(line).append('\n');
            }
            assertThat(stream.body()).isEqualTo(expected.toString());
            assertThat(stream.threads).containsOnly("pump-poller");
        }
        Await.until(TIMEOUT, () -> poller.registeredStreams() == 0, () -> "every ended stream's key to be cancelled");
    }

    @Test
    void deliversTheBodyBytesThatCameWithTheHead() throws Exception {
        Polled stream = open(HEAD + new String(chunk("with the head\n"), StandardCharsets.US_ASCII) + LAST_CHUNK);

        stream.stream.await();

        assertThat(stream.body()).isEqualTo("with the head\n");
    }

    @Test
    void aBodyOfAContentLengthEndsWithItsLastByteThoughTheConnectionStaysOpen() throws Exception {
        Polled stream = open("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst");

        stream.engine.write(ByteBuffer.wrap(bytes("-last")));

        stream.stream.await();
        assertThat(stream.body()).isEqualTo("first-last");
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheConnectionDoes() throws Exception {
        Polled stream = open("HTTP/1.0 200 OK\r\n\r\nuntil");
        stream.engine.write(ByteBuffer.wrap(bytes(" the end")));

        stream.engine.close();

        stream.stream.await();
        assertThat(stream.body()).isEqualTo("until the end");
    }

    @Test
    void aClosedStreamEndsBrokenAndTheOthersReadOn() throws Exception {
        Polled closed = open(HEAD);
        Polled other = open(HEAD);
        closed.engine.write(ByteBuffer.wrap(chunk("before\n")));
        Await.until(TIMEOUT, () -> closed.body().equals("before\n"), () -> "the first line");

        closed.stream.close();

        assertThatThrownBy(closed.stream::await).isInstanceOf(IOException.class).hasMessage("the log stream was closed");
        other.engine.write(ByteBuffer.wrap(chunk("still read\n")));
        Await.until(TIMEOUT, () -> other.body().equals("still read\n"), () -> "the other stream's line, got " + other.body());
        Await.until(TIMEOUT, () -> poller.registeredStreams() == 1, () -> "the closed stream's key to be cancelled");
    }

    @Test
    void aHandlerThatFailsEndsItsStreamOnlyWithItsException() throws Exception {
        IOException parseError = new IOException("not a Docker log stream");
        Polled failing = open(HEAD, (bytes, offset, length) -> {
            throw parseError;
        });
        Polled other = open(HEAD);

        failing.engine.write(ByteBuffer.wrap(chunk("x\n")));

        assertThatThrownBy(failing.stream::await).isSameAs(parseError);
        other.engine.write(ByteBuffer.wrap(chunk("after\n")));
        Await.until(TIMEOUT, () -> other.body().equals("after\n"), () -> "the other stream's line, got " + other.body());
    }

    @Test
    void aConnectionThatEndsInTheMiddleOfTheBodyBreaksTheStream() throws Exception {
        Polled stream = open(HEAD);
        stream.engine.write(ByteBuffer.wrap(bytes("5\r\nab")));

        stream.engine.close();

        assertThatThrownBy(stream.stream::await).isInstanceOf(EOFException.class);
        assertThat(stream.body()).isEqualTo("ab");
    }

    @Test
    void closingThePollerEndsItsStreamsAndLaterOnesAreLeftToTheirThreads() throws Exception {
        Polled open = open(HEAD);
        AtomicReference<Throwable> waited = new AtomicReference<>();
        Thread container = Thread.ofVirtual().start(() -> {
            try {
                open.stream.await();
            } catch (Throwable e) {
                waited.set(e);
            }
        });

        poller.close();

        container.join(TIMEOUT);
        assertThat(waited.get()).isInstanceOf(IOException.class).hasMessage("logspout is stopping");
        assertThat(poller.stream(answered(HEAD).response, (bytes, offset, length) -> { })).isNull();
    }

    @Test
    void leavesAStreamThatCannotBeSelectedToItsThread() throws Exception {
        byte[] answer = bytes(HEAD + LAST_CHUNK);
        DockerLogResponse overTls = DockerLogResponse.open(new ByteArrayInputStream(answer), () -> { }, 0);

        assertThat(poller.stream(overTls, (bytes, offset, length) -> { })).isNull();
    }

    @Test
    void keepsNoKeyOfThousandsOfStreamsThatEnded() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Polled stream = open(HEAD);
            stream.engine.write(ByteBuffer.wrap(chunk("line " + i + "\n")));
            if (i % 2 == 0) {
                stream.engine.write(ByteBuffer.wrap(bytes(LAST_CHUNK)));
                stream.stream.await();
            } else {
                Await.until(TIMEOUT, () -> !stream.body().isEmpty(), () -> "a line");
                stream.stream.close();
                assertThatThrownBy(stream.stream::await).isInstanceOf(IOException.class);
            }
            stream.engine.close();
            connections.remove(stream.engine);
            connections.remove(stream.response.selectableChannel());
        }
        Await.until(TIMEOUT, () -> poller.registeredStreams() == 0, () -> "every key cancelled, " + poller.registeredStreams() + " left");
    }

    @Test
    void pausesOnlyOnceRoundsInARowHadTheirDataAtOnceForWhatIsLeftOfThePause() {
        long pause = 1_000_000;
        assertThat(LogStreamPoller.pauseAfter(LogStreamPoller.FLOWING_ROUNDS, 100_000, pause)).as("the streams flow").isEqualTo(900_000);
        assertThat(LogStreamPoller.pauseAfter(LogStreamPoller.FLOWING_ROUNDS + 5, 0, pause)).isEqualTo(pause);
        assertThat(LogStreamPoller.pauseAfter(LogStreamPoller.FLOWING_ROUNDS, 2 * pause, pause)).as("reading took longer than a pause").isZero();
        assertThat(LogStreamPoller.pauseAfter(LogStreamPoller.FLOWING_ROUNDS - 1, 0, pause)).as("two lines met once: a trickle").isZero();
        assertThat(LogStreamPoller.pauseAfter(0, 0, pause)).isZero();
        assertThat(LogStreamPoller.pauseAfter(LogStreamPoller.FLOWING_ROUNDS, 0, 0)).as("no pause set").isZero();
    }

    /** A stream whose engine side has sent {@code sent}, started on the poller with a collecting handler. */
    private Polled open(String sent) throws IOException {
        return open(sent, null);
    }

    private Polled open(String sent, LogStreamPoller.BodyHandler handler) throws IOException {
        Polled polled = answered(sent);
        LogStreamPoller.Stream stream = poller.stream(polled.response, handler != null ? handler : polled::take);
        assertThat(stream).isNotNull();
        polled.stream = stream;
        stream.start();
        return polled;
    }

    /** A connection whose engine side has sent {@code sent}, with the head read. */
    private Polled answered(String sent) throws IOException {
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        connections.add(client);
        SocketChannel engine = server.accept();
        connections.add(engine);
        engine.write(ByteBuffer.wrap(bytes(sent)));
        return new Polled(engine, DockerLogResponse.open(client, 0));
    }

    private static byte[] chunk(String data) {
        return bytes(Integer.toHexString(data.length()) + "\r\n" + data + "\r\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One stream under test: the engine's end of its connection and what its handler got. */
    private static final class Polled {
        final SocketChannel engine;
        final DockerLogResponse response;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final List<String> threads = new ArrayList<>();
        LogStreamPoller.Stream stream;

        Polled(SocketChannel engine, DockerLogResponse response) {
            this.engine = engine;
            this.response = response;
        }

        synchronized void take(byte[] bytes, int offset, int length) {
            got.write(bytes, offset, length);
            threads.add(Thread.currentThread().getName());
        }

        synchronized String body() {
            return got.toString(StandardCharsets.US_ASCII);
        }
    }
}
