package io.logspout.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.Logspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TestCertificates;
import io.logspout.testsupport.TestContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS routes end to end: real containers on the test engine, an embedded logspout with
 * {@code tls://} (raw) routes, and a JDK TLS server as the receiver, with mutual TLS.
 */
class TlsRoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMED = "{{.Container.Name}} {{.Source}} {{.Data}}\n";

    @TempDir
    static Path certDir;
    private static TestCertificates certs;
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    private final String prefix = "tls" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void setUp() {
        certs = TestCertificates.create(certDir);
    }

    /** A receiver that requires a client certificate signed by the test CA. */
    private TlsServer mutualTlsServer() {
        return live.closing(TlsServer.with(certs.serverCert(), certs.serverKey()).requireClientCert(certs.caCert()).start());
    }

    /** logspout's "paranoid mode" from its README: only our CA, hardening, a client certificate. */
    private static Map<String, String> paranoid() {
        return Map.of(
                TlsSettings.DISABLE_SYSTEM_ROOTS, "true",
                TlsSettings.HARDENING, "true",
                TlsSettings.CA_CERTS, certs.caCert().toString(),
                TlsSettings.CLIENT_CERT, certs.clientCert().toString(),
                TlsSettings.CLIENT_KEY, certs.clientKeyPkcs1().toString());
    }

    private Logspout logspout(String routes, Map<String, String> settings) {
        return live.closing(Logspout.builder().config(Config.environment().withOverrides(settings)).routes(routes).build().start());
    }

    private TestContainer run(String script) {
        TestContainer container = live.docker().run(ContainerSpec.script(script).namePrefix(prefix));
        live.closingLast(container::remove); // removed after logspout stopped
        return container;
    }

    private String mine() {
        return "filter.name=" + prefix + "-*";
    }

    @Test
    void aTlsRouteWithMutualTlsDeliversTheContainersLines() {
        TlsServer server = mutualTlsServer();
        Map<String, String> settings = new HashMap<>(paranoid());
        settings.put("RAW_FORMAT", NAMED);
        Logspout logspout = logspout("tls://" + server.address() + "?" + mine(), settings);

        TestContainer app = run("echo hello over tls; echo an error >&2; sleep 600");

        List<String> expected = List.of("/" + app.name() + " stdout hello over tls", "/" + app.name() + " stderr an error");
        Await.until(WAIT, () -> server.lines().containsAll(expected), () -> expected + ", got " + server.lines());
        assertThat(server.lines()).hasSize(2);
        assertThat(logspout.routes().all()).singleElement().satisfies(route -> assertThat(route.adapter()).isEqualTo("raw+tls"));
        assertThat(server.handshakes()).first().satisfies(handshake -> {
            assertThat(handshake.clientSubject()).isEqualTo("CN=logspout test client");
            assertThat(handshake.cipherSuite()).isIn(TlsSettings.HARDENED_CIPHER_SUITES);
        });
    }

    /**
     * The receiver restarts cleanly (close_notify, then it reads until the client closes): the
     * route sees the close before its next batch and reconnects, so nothing is written into the
     * closed connection. (A receiver that dies with bytes in flight loses them: TCP and TLS have
     * no acknowledgement.)
     */
    @Test
    void aTlsReceiverRestartedMidStreamLosesNothing() {
        TlsServer server = mutualTlsServer();
        Logspout logspout = logspout("tls://" + server.address() + "?" + mine(), paranoid());
        // Pauses keep the stream going for a few seconds, so most of it comes after the restart.
        run("i=1; while [ $i -le 20000 ]; do echo $i; [ $((i % 200)) -eq 0 ] && sleep 0.05; i=$((i+1)); done; sleep 600");
        Await.until(WAIT, () -> server.lines().size() >= 2000, () -> "the first lines, got " + server.lines().size());

        server.stop();
        server.restart();

        Await.until(Duration.ofMinutes(2), () -> server.lines().contains("20000"), () -> "the last line, got " + server.lines().size() + " lines");
        logspout.close();
        List<String> received = server.lines();
        List<String> expected = IntStream.rangeClosed(1, 20000).mapToObj(String::valueOf).toList();
        Set<String> arrived = new HashSet<>(received);
        assertThat(expected.stream().filter(line -> !arrived.contains(line)).toList()).as("lines lost").isEmpty();
        assertThat(received.stream().distinct().toList()).as("every line, in order").isEqualTo(expected);
        assertThat(received).as("no line twice").hasSize(20000);
        assertThat(server.handshakes().size()).as("a new handshake after the restart").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBadTlsFileStopsLogspoutAtStartupNamingTheVariableAndTheFile() {
        Path missing = certDir.resolve("no-such-ca.pem");
        Map<String, String> settings = Map.of(TlsSettings.CA_CERTS, certs.caCert() + "," + missing);

        assertThatThrownBy(() -> logspout("tls://127.0.0.1:6514", settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("transport tls: LOGSPOUT_TLS_CA_CERTS: failed to load CA certificate(s): " + missing + ": no such file; ");
    }
}
