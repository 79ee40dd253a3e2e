package io.logspout.transport.tls;

import static io.logspout.transport.tls.TlsSettings.CA_CERTS;
import static io.logspout.transport.tls.TlsSettings.CLIENT_CERT;
import static io.logspout.transport.tls.TlsSettings.CLIENT_KEY;
import static io.logspout.transport.tls.TlsSettings.DISABLE_SYSTEM_ROOTS;
import static io.logspout.transport.tls.TlsSettings.HARDENING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.TestCertificates;
import io.logspout.transport.tcp.StreamConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The TLS transport against a JDK TLS server on loopback, with certificates made for the test. */
class TlsTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TEST_TIMEOUT_MILLIS = 2_000;

    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void create() {
        certs = TestCertificates.create(certDir);
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    private TlsServer server() {
        return closing(TlsServer.with(certs.serverCert(), certs.serverKey()).start());
    }

    private TlsServer server(TlsServer.Builder builder) {
        return closing(builder.start());
    }

    /** Settings that trust the test CA only, plus {@code more}. */
    private static Map<String, String> trustingTheTestCa(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(DISABLE_SYSTEM_ROOTS, "true", CA_CERTS, certs.caCert().toString()));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static TlsTransport transport(Map<String, String> settings) {
        return new TlsTransport(TlsSettings.from(Config.of(settings)), TEST_TIMEOUT_MILLIS, TEST_TIMEOUT_MILLIS);
    }

    private Connection connect(Map<String, String> settings, String address) throws IOException {
        return closing(transport(settings).connect(address, Map.of()));
    }

    private static void send(Connection connection, String... lines) throws IOException {
        for (String line : lines) {
            byte[] bytes = (line + "\n").getBytes(UTF_8);
            connection.write(bytes, 0, bytes.length);
        }
        connection.flush();
    }

    @Test
    void theFactoryIsFoundByNameAndMakesAStreamTransport() {
        TransportFactory factory = ServiceLoader.load(TransportFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(found -> found.name().equals("tls"))
                .findFirst().orElseThrow();

        assertThat(factory).isInstanceOf(TlsTransportFactory.class);
        assertThat(factory.create(Config.of(trustingTheTestCa())).datagram()).isFalse();
    }

    @Test
    void aFileTheSettingsNameIsReadWhenTheTransportIsMadeSoABadOneStopsStartup(@TempDir Path dir) {
        Path missing = dir.resolve("missing-ca.pem");

        assertThatThrownBy(() -> new TlsTransportFactory().create(Config.of(Map.of(CA_CERTS, missing.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void withNoSettingTheJdksTrustStoreIsReadAtTheFirstConnectionAndJudgesTheServer() {
        TlsServer server = server();
        Transport transport = new TlsTransportFactory().create(Config.of(Map.of()));

        // The test CA is not among the JDK's roots: the handshake fails on the certificate.
        assertThatThrownBy(() -> closing(transport.connect(server.address(), Map.of())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is signed by a CA of its trust store");
    }

    @Test
    void messagesLeaveOnFlushAndArriveInOrder() throws IOException {
        TlsServer server = server();
        Connection connection = connect(trustingTheTestCa(), server.address());

        send(connection, "one", "two");
        String big = "x".repeat(3 * StreamConnection.BUFFER_SIZE);
        send(connection, "three", big, "four");

        assertThat(server.awaitLines(5, WAIT)).containsExactly("one", "two", "three", big, "four");
        assertThat(connection.peerClosed()).isFalse();
    }

    @Test
    void nothingLeavesBeforeFlush() throws IOException {
        TlsServer server = server();
        Connection connection = connect(trustingTheTestCa(), server.address());
        byte[] held = "held\n".getBytes(UTF_8);
        connection.write(held, 0, held.length);
        send(connection, "sentinel");

        assertThat(server.awaitLines(2, WAIT)).containsExactly("held", "sentinel");
    }

    @Test
    void aHostNameIsVerifiedAndSentAsSniAnIpAddressIsVerifiedWithoutSni() throws IOException {
        TlsServer server = server();

        send(connect(trustingTheTestCa(), "localhost:" + server.port()), "by name");
        send(connect(trustingTheTestCa(), server.address()), "by address");

        server.awaitLines(2, WAIT);
        assertThat(server.handshakes()).extracting(TlsServer.Handshake::serverNames).containsExactly(List.of("localhost"), List.of());
    }

    @Test
    void theTestCaIsTrustedNextToTheSystemRoots() throws IOException {
        TlsServer server = server();

        send(connect(Map.of(CA_CERTS, certs.caCert().toString()), server.address()), "with system roots");

        assertThat(server.awaitLines(1, WAIT)).containsExactly("with system roots");
    }

    @Test
    void theSystemRootsAloneDoNotTrustTheTestServer() {
        TlsServer server = server();

        assertThatThrownBy(() -> connect(Map.of(), server.address()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("tls: handshake with " + server.address() + " (127.0.0.1) failed: ")
                .hasMessageContaining("PKIX path building failed")
                .hasMessageEndingWith("; logspout trusts a server whose certificate names 127.0.0.1 and is signed by a CA of its trust store "
                        + "(LOGSPOUT_TLS_CA_CERTS, and the system roots unless LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS=true)")
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        server.awaitFailure(WAIT);
    }

    @Test
    void aServerCertificateFromAnotherCaIsRejected() {
        TlsServer server = server();

        assertThatThrownBy(() -> connect(Map.of(DISABLE_SYSTEM_ROOTS, "true", CA_CERTS, certs.otherCaCert().toString()), "localhost:" + server.port()))
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("logspout trusts a server whose certificate names localhost and is signed by a CA of its trust store");
        assertThat(server.awaitFailure(WAIT)).isInstanceOf(IOException.class);
        assertThat(server.handshakes()).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsRejected() {
        TlsServer server = server(TlsServer.with(certs.wrongHostCert(), certs.wrongHostKey()));

        for (String address : List.of("localhost:" + server.port(), server.address())) {
            assertThatThrownBy(() -> connect(trustingTheTestCa(), address))
                    .as(address)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("tls: handshake with " + address)
                    .hasMessageContaining(address.startsWith("localhost") ? "matching localhost found" : "matching IP address 127.0.0.1 found")
                    .hasMessageContaining("certificate names " + address.substring(0, address.indexOf(':')));
        }
        assertThat(server.handshakes()).isEmpty();
    }

    static Stream<Arguments> clientCertificates() {
        return Stream.of("TLSv1.2", "TLSv1.3").flatMap(protocol -> Stream.of(
                Arguments.of(protocol, "RSA, PKCS#8", certs.clientCert(), certs.clientKey(), "CN=logspout test client"),
                Arguments.of(protocol, "RSA, PKCS#1", certs.clientCert(), certs.clientKeyPkcs1(), "CN=logspout test client"),
                Arguments.of(protocol, "EC, SEC1", certs.clientCertEc(), certs.clientKeyEc(), "CN=logspout test EC client"),
                Arguments.of(protocol, "Ed25519", certs.clientCertEd25519(), certs.clientKeyEd25519(), "CN=logspout test Ed25519 client"),
                Arguments.of(protocol, "chain file", certs.chainClientCert(), certs.chainClientKey(), "CN=logspout test chain client")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("clientCertificates")
    void aServerThatRequiresAClientCertificateAcceptsTheConfiguredOne(String protocol, String kind, Path cert, Path key, String subject) throws IOException {
        TlsServer server = server(TlsServer.with(certs.serverCert(), certs.serverKey())
                .requireClientCert(certs.caCert())
                .parameters(p -> p.setProtocols(new String[] {protocol})));

        send(connect(trustingTheTestCa(CLIENT_CERT, cert.toString(), CLIENT_KEY, key.toString()), server.address()), "mutual " + kind);

        assertThat(server.awaitLines(1, WAIT)).containsExactly("mutual " + kind);
        assertThat(server.handshakes()).singleElement().satisfies(handshake -> {
            assertThat(handshake.protocol()).isEqualTo(protocol);
            assertThat(handshake.clientSubject()).isEqualTo(subject);
        });
    }

    @Test
    void withTls12AServerThatRequiresAClientCertificateFailsTheHandshakeWithoutOne() {
        TlsServer server = server(TlsServer.with(certs.serverCert(), certs.serverKey())
                .requireClientCert(certs.caCert())
                .parameters(p -> p.setProtocols(new String[] {"TLSv1.2"})));

        assertThatThrownBy(() -> connect(trustingTheTestCa(), server.address()))
                .isInstanceOf(IOException.class)
                // The server's alert, or a broken pipe when it closed while the client still wrote its last handshake messages.
                .hasMessageStartingWith("tls: handshake with " + server.address() + " (127.0.0.1) failed: ");
        server.awaitFailure(WAIT);
    }

    /**
     * In TLS 1.3 the client's handshake ends before the server has checked the client's
     * certificate, so the server's refusal arrives afterwards: the connection is then seen as
     * closed by the peer, which makes the core reconnect before its next batch.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withTls13AServerThatRefusesTheClientCertificateEndsTheConnectionAtOnce(boolean withAnUntrustedCertificate) throws IOException {
        TlsServer server = server(TlsServer.with(certs.serverCert(), certs.serverKey())
                .requireClientCert(certs.intermediateCaCert())
                .parameters(p -> p.setProtocols(new String[] {"TLSv1.3"})));
        Map<String, String> settings = withAnUntrustedCertificate
                ? trustingTheTestCa(CLIENT_CERT, certs.clientCert().toString(), CLIENT_KEY, certs.clientKey().toString())
                : trustingTheTestCa();

        Connection connection = connect(settings, server.address());

        Await.until(WAIT, connection::peerClosed, () -> "the refused connection to be seen closed");
        assertThatThrownBy(() -> send(connection, "refused")).isInstanceOf(IOException.class).hasMessage("tls: " + server.address() + " closed the connection");
        assertThat(server.awaitFailure(WAIT)).isInstanceOf(SSLHandshakeException.class);
        assertThat(server.lines()).isEmpty();
    }

    @Test
    void hardeningNegotiatesOnlyItsSuitesWithTls13AndTls12() throws IOException {
        TlsServer modern = server();
        TlsServer tls12 = server(TlsServer.with(certs.serverCert(), certs.serverKey()).parameters(p -> p.setProtocols(new String[] {"TLSv1.2"})));
        Map<String, String> hardened = trustingTheTestCa(HARDENING, "true");

        send(connect(hardened, modern.address()), "tls 1.3");
        send(connect(hardened, tls12.address()), "tls 1.2");

        modern.awaitLines(1, WAIT);
        tls12.awaitLines(1, WAIT);
        assertThat(modern.handshakes()).singleElement().satisfies(handshake -> {
            assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
            assertThat(handshake.cipherSuite()).isIn(TlsSettings.HARDENED_CIPHER_SUITES);
        });
        assertThat(tls12.handshakes()).singleElement().satisfies(handshake -> {
            assertThat(handshake.protocol()).isEqualTo("TLSv1.2");
            assertThat(handshake.cipherSuite()).isIn(TlsSettings.HARDENED_CIPHER_SUITES).startsWith("TLS_ECDHE_RSA_WITH_");
        });
    }

    @Test
    void hardeningRefusesServersOutsideItsSuitesAndCurvesThatTheDefaultsAccept() throws IOException {
        TlsServer cbcOnly = server(TlsServer.with(certs.serverCert(), certs.serverKey()).parameters(p -> {
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
        }));
        TlsServer finiteFieldOnly = server(TlsServer.with(certs.serverCert(), certs.serverKey()).parameters(p -> {
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setNamedGroups(new String[] {"ffdhe2048"});
        }));
        TlsServer p521Only = server(TlsServer.with(certs.serverCert(), certs.serverKey()).parameters(p -> {
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setNamedGroups(new String[] {"secp521r1"});
        }));
        Map<String, String> hardened = trustingTheTestCa(HARDENING, "true");

        for (TlsServer refused : List.of(cbcOnly, finiteFieldOnly)) {
            assertThatThrownBy(() -> connect(hardened, refused.address()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("tls: handshake with " + refused.address() + " (127.0.0.1) failed: ")
                    .hasMessageContaining("Received fatal alert")
                    .hasMessageEndingWith("; the server refused the handshake: it may require a client certificate signed by a CA it trusts "
                            + "(logspout has none: set LOGSPOUT_TLS_CLIENT_CERT and LOGSPOUT_TLS_CLIENT_KEY), "
                            + "or support none of the TLS versions and cipher suites logspout offers "
                            + "(LOGSPOUT_TLS_HARDENING=true allows TLS 1.2+ with ECDHE AEAD suites only)");
            send(connect(trustingTheTestCa(), refused.address()), "defaults");
            assertThat(refused.awaitLines(1, WAIT)).containsExactly("defaults");
        }
        send(connect(hardened, p521Only.address()), "P-521");
        assertThat(p521Only.awaitLines(1, WAIT)).containsExactly("P-521");
    }

    @Test
    void aPeerThatClosesIsSeenWithoutWritingAndLaterWritesFail() throws IOException {
        TlsServer server = server();
        Connection connection = connect(trustingTheTestCa(), server.address());
        send(connection, "before");
        server.awaitLines(1, WAIT);

        server.closeConnections();

        Await.until(WAIT, connection::peerClosed, () -> "the peer's close to be seen");
        assertThatThrownBy(() -> send(connection, "after")).isInstanceOf(IOException.class).hasMessage("tls: " + server.address() + " closed the connection");
        connection.close();
        connection.close();
        assertThat(server.lines()).containsExactly("before");
    }

    @Test
    void closingSendsWhatWasFlushedAndNeverThrows() throws IOException {
        TlsServer server = server();
        Connection connection = connect(trustingTheTestCa(), server.address());
        send(connection, "last");
        byte[] unflushed = "dropped\n".getBytes(UTF_8);
        connection.write(unflushed, 0, unflushed.length);

        connection.close(); // returns: the test's timeout would fail a close that hangs

        Await.until(WAIT, () -> server.handshakes().size() == 1 && server.lines().equals(List.of("last")), () -> "the flushed line, got " + server.lines());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOutTheHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });

            assertThatThrownBy(() -> connect(trustingTheTestCa(), "127.0.0.1:" + silent.getLocalPort()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("tls: handshake with 127.0.0.1:" + silent.getLocalPort())
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            acceptor.join(WAIT);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aRefusedConnectionIsAnIoExceptionNamingTheAddress() {
        int port = FreePort.tcp();

        assertThatThrownBy(() -> connect(trustingTheTestCa(), "127.0.0.1:" + port))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("tls: cannot connect to 127.0.0.1:" + port + " (127.0.0.1): ");
    }
}
