package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpSinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final UdpSink sink = UdpSink.start();

    @AfterEach
    void close() {
        sink.close();
    }

    @Test
    void collectsWholeDatagramsInOrder() throws Exception {
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, "<14>first message\n".getBytes(StandardCharsets.UTF_8));
            send(client, "second, with\nan inner line break".getBytes(StandardCharsets.UTF_8));
            send(client, new byte[] {0, (byte) 0xff, 10});
        }

        assertThat(sink.awaitDatagrams(3, TIMEOUT))
                .startsWith("<14>first message\n", "second, with\nan inner line break");
        assertThat(sink.datagramBytes()).last().isEqualTo(new byte[] {0, (byte) 0xff, 10});
        assertThat(sink.address()).isEqualTo("127.0.0.1:" + sink.port());
    }

    @Test
    void keepsALargeDatagramWhole() throws Exception {
        byte[] large = "x".repeat(60_000).getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, large);
            send(client, "small".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(sink.awaitDatagrams(2, TIMEOUT)).containsExactly("x".repeat(60_000), "small");
    }

    @Test
    void awaitsADatagramThatMatches() throws Exception {
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, "one".getBytes(StandardCharsets.UTF_8));
            send(client, "two".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(sink.awaitDatagram(text -> text.startsWith("t"), TIMEOUT)).isEqualTo("two");
    }

    @Test
    void failsAWaitWithWhatArrived() throws Exception {
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, "only one".getBytes(StandardCharsets.UTF_8));
        }
        sink.awaitDatagrams(1, TIMEOUT);

        assertThatThrownBy(() -> sink.awaitDatagrams(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for 2 datagrams")
                .hasMessageContaining("received 1 datagrams:\n  \"only one\"");
    }

    @Test
    void forgetsWhatArrivedOnClear() throws Exception {
        try (DatagramSocket client = new DatagramSocket()) {
            send(client, "before".getBytes(StandardCharsets.UTF_8));
            sink.awaitDatagrams(1, TIMEOUT);
            sink.clear();
            send(client, "after".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(sink.awaitDatagrams(1, TIMEOUT)).containsExactly("after");
    }

    private void send(DatagramSocket client, byte[] payload) throws Exception {
        client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), sink.port()));
    }
}
