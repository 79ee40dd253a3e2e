package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.Await;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerLogClient} against a scripted server on a real Unix socket. */
class DockerLogClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void sendsOneGetPerConnectionAndAClosedStreamEndsABlockedRead(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            AtomicReference<String> request = new AtomicReference<>();
            Thread engine = Thread.ofVirtual().start(() -> {
                try (SocketChannel connection = server.accept()) {
                    request.set(readHead(connection));
                    connection.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
                    // then silence, until the client closes
                    connection.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            DockerLogResponse stream = new DockerLogClient(URI.create("unix://" + socket), null).open("/v1.41/containers/c0ffee/logs?follow=1");
            byte[] buffer = new byte[64];
            assertThat(stream.status()).isEqualTo(200);
            assertThat(new String(buffer, 0, stream.read(buffer, 0, 64), StandardCharsets.US_ASCII)).isEqualTo("abc\n");
            AtomicReference<Throwable> blockedRead = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    stream.read(buffer, 0, 64);
                } catch (Throwable e) {
                    blockedRead.set(e);
                }
            });
            Await.until(TIMEOUT, () -> reader.getState() == Thread.State.WAITING || reader.getState() == Thread.State.TIMED_WAITING,
                    () -> "the reader to block, it is " + reader.getState());

            stream.close();

            Await.until(TIMEOUT, () -> !reader.isAlive(), () -> "the blocked read to end");
            assertThat(blockedRead.get()).isInstanceOf(IOException.class);
            engine.join(TIMEOUT);
            assertThat(engine.isAlive()).as("the engine saw the connection closed").isFalse();
            assertThat(request.get()).isEqualTo("GET /v1.41/containers/c0ffee/logs?follow=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        }
    }

    /** What a client sent up to the end of its request head (or of the connection). */
    static String readHead(SocketChannel connection) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4096);
        while (!new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            if (connection.read(head) < 0) {
                break;
            }
        }
        return new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
    }
}
