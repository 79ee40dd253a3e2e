package io.logspout.transport.tcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;
import io.logspout.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Transport transport = new TcpTransportFactory().create(Config.of(Map.of()));
    private ServerSocket server;
    private Connection connection;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) TIMEOUT.toMillis()); // accept() fails the test when the transport never connects
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    private String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private Socket accept() throws IOException {
        Socket peer = server.accept();
        peer.setSoTimeout((int) TIMEOUT.toMillis());
        return peer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String read(Socket peer, int length) throws IOException {
        return new String(peer.getInputStream().readNBytes(length), UTF_8);
    }

    @Test
    void isFoundByNameAndIsAStream() {
        TransportFactory factory = ServiceLoader.load(TransportFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("tcp"))
                .findFirst().orElseThrow();

        assertThat(factory).isInstanceOf(TcpTransportFactory.class);
        assertThat(factory.create(Config.of(Map.of())).datagram()).isFalse();
    }

    @Test
    void writesArriveInOrderOnFlush() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            byte[] message = bytes("xxfirst\nyy");
            connection.write(message, 2, 6);
            connection.write(bytes("second\n"), 0, 7);
            connection.flush();

            assertThat(read(peer, 13)).isEqualTo("first\nsecond\n");
        }
    }

    @Test
    void writesWaitForFlush() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            connection.write(bytes("held\n"), 0, 5);
            connection.flush();
            assertThat(read(peer, 5)).isEqualTo("held\n");

            // Closed before a flush: what was written never left, and the peer sees the end at once.
            connection.write(bytes("never flushed\n"), 0, 14);
            connection.close();
            assertThat(peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aFullBufferIsSentWithoutWaitingForFlush() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            byte[] line = bytes("0123456789abcdef\n");
            int lines = StreamConnection.BUFFER_SIZE / line.length + 1;
            for (int i = 0; i < lines; i++) {
                connection.write(line, 0, line.length);
            }

            // Everything but the last line, which found the buffer full, arrives unflushed.
            byte[] arrived = peer.getInputStream().readNBytes((lines - 1) * line.length);
            assertThat(new String(arrived, UTF_8)).isEqualTo(new String(line, UTF_8).repeat(lines - 1));
            connection.flush();
            assertThat(read(peer, line.length)).isEqualTo(new String(line, UTF_8));
        }
    }

    @Test
    void aMessageLargerThanTheBufferGoesStraightThroughInOrder() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            byte[] large = new byte[3 * StreamConnection.BUFFER_SIZE];
            Arrays.fill(large, (byte) 'L');
            connection.write(bytes("first\n"), 0, 6);
            connection.write(large, 0, large.length);
            connection.write(bytes("last\n"), 0, 5);
            connection.flush();

            assertThat(read(peer, 6)).isEqualTo("first\n");
            assertThat(peer.getInputStream().readNBytes(large.length)).isEqualTo(large);
            assertThat(read(peer, 5)).isEqualTo("last\n");
        }
    }

    @Test
    void closeEndsTheConnectionAndNeverThrows() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            connection.close();
            connection.close();

            assertThat(peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aPeerThatClosesIsSeenBeforeTheNextWriteIsLost() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            connection.write(bytes("before\n"), 0, 7);
            connection.flush();
            assertThat(read(peer, 7)).isEqualTo("before\n");
            assertThat(connection.peerClosed()).isFalse();
        }

        Await.until(TIMEOUT, connection::peerClosed, () -> "the connection to see the peer's close");
        connection.write(bytes("after\n"), 0, 6);
        assertThatThrownBy(connection::flush)
                .isInstanceOf(IOException.class)
                .hasMessage("tcp: " + address() + " closed the connection");
    }

    @Test
    void aPeerThatResetsIsSeenToo() throws IOException {
        connection = transport.connect(address(), Map.of());
        Socket peer = accept();
        peer.setSoLinger(true, 0); // close with a reset, as a crashed receiver's kernel does
        peer.close();

        Await.until(TIMEOUT, connection::peerClosed, () -> "the connection to see the peer's reset");
        assertThatThrownBy(() -> connection.write(new byte[StreamConnection.BUFFER_SIZE + 1], 0, StreamConnection.BUFFER_SIZE + 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection");
    }

    @Test
    void writingIntoAConnectionThePeerLeftFailsRatherThanSwallowingTheBytes() throws IOException {
        connection = transport.connect(address(), Map.of());
        Socket peer = accept();
        peer.setSoLinger(true, 0);
        peer.close();
        server.close();

        // Whether the close is already known or the kernel reports it on a write, it surfaces.
        byte[] line = bytes("line\n");
        Await.until(TIMEOUT, () -> {
            try {
                connection.write(line, 0, line.length);
                connection.flush();
                return false;
            } catch (IOException e) {
                return true;
            }
        }, () -> "a write or flush to fail");
    }

    @Test
    void connectsAgainToARestartedServer() throws IOException {
        int port = server.getLocalPort();
        connection = transport.connect(address(), Map.of());
        accept().close();
        server.close();
        Await.until(TIMEOUT, connection::peerClosed, () -> "the connection to see the server go");
        connection.close();

        server = new ServerSocket();
        server.setReuseAddress(true);
        server.setSoTimeout((int) TIMEOUT.toMillis());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            connection.write(bytes("again\n"), 0, 6);
            connection.flush();

            assertThat(read(peer, 6)).isEqualTo("again\n");
        }
    }

    @Test
    void connectsOverIpv6() throws IOException {
        try (ServerSocket v6 = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            v6.setSoTimeout((int) TIMEOUT.toMillis());
            connection = transport.connect("[::1]:" + v6.getLocalPort(), Map.of());
            try (Socket peer = v6.accept()) {
                peer.setSoTimeout((int) TIMEOUT.toMillis());
                connection.write(bytes("six\n"), 0, 4);
                connection.flush();

                assertThat(read(peer, 4)).isEqualTo("six\n");
            }
        }
    }

    @Test
    void aRefusedConnectionNamesTheAddress() throws IOException {
        String closed = address();
        server.close();

        assertThatThrownBy(() -> transport.connect(closed, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessage("tcp: cannot connect to " + closed + " (127.0.0.1): Connection refused");
    }

    @Test
    void anUnknownHostIsAnIoException() {
        assertThatThrownBy(() -> transport.connect("nowhere.invalid:514", Map.of()))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("nowhere.invalid:514");
    }

    @Test
    void aBadAddressIsAConfigurationError() {
        assertThatThrownBy(() -> transport.connect("logs.example.com", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("address 'logs.example.com': no :port");
    }

    @Test
    void thePeerCanTalkWithoutDisturbingTheConnection() throws IOException {
        connection = transport.connect(address(), Map.of());
        try (Socket peer = accept()) {
            peer.getOutputStream().write(bytes("hello from the receiver\n"));
            connection.write(bytes("still here\n"), 0, 11);
            connection.flush();

            assertThat(read(peer, 11)).isEqualTo("still here\n");
            assertThat(connection.peerClosed()).isFalse();
        }
    }
}
