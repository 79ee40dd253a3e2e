package io.logspout.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.TransportFactory;
import io.logspout.testsupport.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpTransportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final UdpTransport transport = (UdpTransport) new UdpTransportFactory().create(Config.of(Map.of()));
    private DatagramSocket receiver;
    private Connection connection;

    @BeforeEach
    void listen() throws IOException {
        receiver = receiverOn(InetAddress.getByName("127.0.0.1"));
    }

    private static DatagramSocket receiverOn(InetAddress address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.setReceiveBufferSize(1 << 20);
        return socket;
    }

    @AfterEach
    void cleanUp() {
        if (connection != null) {
            connection.close();
        }
        receiver.close();
    }

    private String address() {
        return "127.0.0.1:" + receiver.getLocalPort();
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static String receiveText(DatagramSocket socket) throws IOException {
        return new String(receive(socket), UTF_8);
    }

    @Test
    void isFoundByNameAndSendsDatagrams() {
        TransportFactory factory = ServiceLoader.load(TransportFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("udp"))
                .findFirst().orElseThrow();

        assertThat(factory).isInstanceOf(UdpTransportFactory.class);
        assertThat(factory.create(Config.of(Map.of())).datagram()).isTrue();
    }

    @Test
    void eachWriteIsOneDatagramSentAtOnce() throws IOException {
        connection = transport.connect(address(), Map.of());
        byte[] bytes = "..first\nsecond\n..".getBytes(UTF_8);

        connection.write(bytes, 2, 6);
        assertThat(receiveText(receiver)).isEqualTo("first\n");
        connection.write(bytes, 8, 7);
        connection.flush();

        assertThat(receiveText(receiver)).isEqualTo("second\n");
        // The flush sent nothing more: the next datagram is the marker written after it.
        connection.write("marker\n".getBytes(UTF_8), 0, 7);
        assertThat(receiveText(receiver)).isEqualTo("marker\n");
    }

    @Test
    void anEmptyMessageSendsNothing() throws IOException {
        connection = transport.connect(address(), Map.of());

        connection.write(new byte[4], 2, 0);
        connection.write("next\n".getBytes(UTF_8), 0, 5);

        // The empty message sent no datagram: the first one is the line written after it.
        assertThat(receiveText(receiver)).isEqualTo("next\n");
    }

    @Test
    void aMessageThatFillsADatagramIsSentWhole() throws IOException {
        connection = transport.connect(address(), Map.of());
        byte[] largest = filled(UdpTransport.MAX_IPV4_PAYLOAD);

        connection.write(largest, 0, largest.length);

        assertThat(receive(receiver)).isEqualTo(largest);
        assertThat(transport.truncatedCount()).isZero();
    }

    @Test
    void aLargerMessageIsCutToFitCountedAndReportedOncePerMinute() throws IOException {
        List<LogRecord> reports = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(UdpTransport.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                reports.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            connection = transport.connect(address(), Map.of());
            byte[] large = filled(100_000);

            connection.write(large, 0, large.length);
            connection.write(large, 0, large.length);

            assertThat(receive(receiver)).isEqualTo(Arrays.copyOf(large, UdpTransport.MAX_IPV4_PAYLOAD));
            assertThat(receive(receiver)).hasSize(UdpTransport.MAX_IPV4_PAYLOAD);
            assertThat(transport.truncatedCount()).isEqualTo(2);
            assertThat(reports).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage())
                        .isEqualTo("udp " + address() + ": cut a 100000-byte message to 65507 bytes, the most one datagram carries; "
                                + "1 cut for this destination so far (reported at most once a minute); use tcp for long messages");
            });
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void theCountSurvivesReconnects() throws IOException {
        byte[] large = filled(70_000);
        for (int i = 0; i < 2; i++) {
            try (Connection each = transport.connect(address(), Map.of())) {
                each.write(large, 0, large.length);
            }
            assertThat(receive(receiver)).hasSize(UdpTransport.MAX_IPV4_PAYLOAD);
        }

        assertThat(transport.truncatedCount()).isEqualTo(2);
    }

    @Test
    void ipv6DatagramsCarryMore() throws IOException {
        try (DatagramSocket v6 = receiverOn(InetAddress.getByName("::1"))) {
            connection = transport.connect("[::1]:" + v6.getLocalPort(), Map.of());
            byte[] large = filled(100_000);

            connection.write(large, 0, large.length);

            assertThat(receive(v6)).isEqualTo(Arrays.copyOf(large, UdpTransport.MAX_IPV6_PAYLOAD));
            assertThat(transport.truncatedCount()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachablePortSurfacesAsAnIoException() throws IOException {
        String closed = address();
        receiver.close();
        connection = transport.connect(closed, Map.of());
        byte[] line = "line\n".getBytes(UTF_8);

        // The kernel learns it from an ICMP answer to an earlier datagram and reports it on a later one.
        IOException[] failure = new IOException[1];
        Await.until(TIMEOUT, () -> {
            try {
                connection.write(line, 0, line.length);
                return false;
            } catch (IOException e) {
                failure[0] = e;
                return true;
            }
        }, () -> "a send to fail");
        assertThat(failure[0]).hasMessageStartingWith("udp: sending to " + closed + " failed: ");
    }

    @Test
    void closeNeverThrows() throws IOException {
        connection = transport.connect(address(), Map.of());
        connection.close();
        connection.close();

        assertThatThrownBy(() -> connection.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
    }

    @Test
    void anUnknownHostIsAnIoException() {
        assertThatThrownBy(() -> transport.connect("nowhere.invalid:514", Map.of()))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("nowhere.invalid:514");
    }

    @Test
    void aBadAddressIsAConfigurationError() {
        assertThatThrownBy(() -> transport.connect("[::1:514", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("address '[::1:514': the IPv6 address has no closing ']'");
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
