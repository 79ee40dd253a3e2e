package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpSinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TcpSink sink = TcpSink.start();

    @AfterEach
    void close() {
        sink.close();
    }

    @Test
    void collectsLinesFromSequentialConnections() throws Exception {
        // Each wait orders the connections: their readers run side by side.
        send("first\nsec");
        sink.awaitLines(2, TIMEOUT);
        send("ond\n"); // a line split over two connections stays two pieces: each ends with its connection
        sink.awaitLines(3, TIMEOUT);
        send("with cr\r\n\nünïcode\n");

        assertThat(sink.awaitLines(6, TIMEOUT)).containsExactly("first", "sec", "ond", "with cr\r", "", "ünïcode");
        assertThat(sink.connections()).isEqualTo(3);
    }

    @Test
    void collectsLinesFromConcurrentConnectionsWhole() throws Exception {
        int clients = 8;
        int linesEach = 500;
        CountDownLatch allConnected = new CountDownLatch(clients);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String prefix = "client-" + c + "-line-";
            senders.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = connect(); OutputStream out = socket.getOutputStream()) {
                    allConnected.countDown();
                    allConnected.await();
                    for (int i = 0; i < linesEach; i++) {
                        out.write((prefix + i + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }

        List<String> expected = IntStream.range(0, clients).boxed()
                .flatMap(c -> IntStream.range(0, linesEach).mapToObj(i -> "client-" + c + "-line-" + i))
                .toList();
        assertThat(sink.awaitLines(clients * linesEach, TIMEOUT)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sink.connections()).isEqualTo(clients);
        Await.until(TIMEOUT, () -> sink.openConnections() == 0, () -> "all connections closed, " + sink.openConnections() + " open");
    }

    @Test
    void awaitsALineThatMatches() throws Exception {
        send("alpha\nbeta\ngamma\n");

        assertThat(sink.awaitLine(line -> line.contains("et"), TIMEOUT)).isEqualTo("beta");
    }

    @Test
    void failsAWaitWithWhatArrived() throws Exception {
        send("one\ntwo\n");
        sink.awaitLines(2, TIMEOUT);

        assertThatThrownBy(() -> sink.awaitLines(3, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for 3 lines")
                .hasMessageContaining("received 2 lines:\n  \"one\"\n  \"two\"");
        assertThatThrownBy(() -> sink.awaitLine("three"::equals, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 2 lines");
    }

    @Test
    void forgetsLinesOnClear() throws Exception {
        send("old\n");
        sink.awaitLines(1, TIMEOUT);
        sink.clear();
        send("new\n");

        assertThat(sink.awaitLines(1, TIMEOUT)).containsExactly("new");
    }

    @Test
    void stopClosesConnectionsAndRestartListensOnTheSamePort() throws Exception {
        int port = sink.port();
        try (Socket client = connect()) {
            client.getOutputStream().write("before stop\n".getBytes(StandardCharsets.UTF_8));
            sink.awaitLines(1, TIMEOUT);

            sink.stop();

            assertThat(client.getInputStream().read()).as("the sink closed the connection").isEqualTo(-1);
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        }

        sink.restart();
        send("after restart\n");

        assertThat(sink.port()).isEqualTo(port);
        assertThat(sink.awaitLines(2, TIMEOUT)).containsExactly("before stop", "after restart");
        assertThat(sink.connections()).isEqualTo(2);
    }

    @Test
    void restartWhileRunningIsRefused() {
        assertThatThrownBy(sink::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("stop() it first");
    }

    @Test
    void stallFillsTheSendersBuffersUntilResume() throws Exception {
        sink.close();
        sink = TcpSink.start(16 * 1024);
        sink.stall();
        ByteBuffer data = ByteBuffer.wrap(numberedLines(200_000).getBytes(StandardCharsets.UTF_8));

        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.port()));
            client.configureBlocking(false);
            // A stalled sink lets the buffers fill: a non-blocking write then takes nothing.
            Await.until(TIMEOUT, () -> write(client, data) == 0 && data.hasRemaining(),
                    () -> "the send buffer to fill up; " + data.position() + " bytes written, sink read " + sink.bytesReceived());
            assertThat(sink.bytesReceived()).isZero();

            sink.resume();
            client.configureBlocking(true);
            while (data.hasRemaining()) {
                client.write(data);
            }
        }

        List<String> lines = sink.awaitLines(200_000, TIMEOUT);
        assertThat(lines).hasSize(200_000);
        assertThat(lines.get(0)).isEqualTo("line 0");
        assertThat(lines.get(199_999)).isEqualTo("line 199999");
    }

    @Test
    void keepsAnUnterminatedLastLineWhenTheClientCloses() throws Exception {
        send("complete\nunterminated");

        assertThat(sink.awaitLines(2, TIMEOUT)).containsExactly("complete", "unterminated");
    }

    @Test
    void awaitsConnections() throws Exception {
        try (Socket first = connect(); Socket second = connect()) {
            sink.awaitConnections(2, TIMEOUT);
            Await.until(TIMEOUT, () -> sink.openConnections() == 2, () -> "2 open connections, " + sink.openConnections());
        }
        assertThatThrownBy(() -> sink.awaitConnections(3, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 connections to " + sink.address() + ", got 2");
    }

    private static int write(SocketChannel channel, ByteBuffer data) {
        try {
            return channel.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String numberedLines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    private Socket connect() throws IOException {
        return TestClients.connect(sink.port());
    }

    /** Sends the text on a connection of its own and closes it. */
    private void send(String text) throws IOException {
        try (Socket socket = connect(); OutputStream out = socket.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
