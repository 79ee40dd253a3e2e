package io.logspout.adapter.syslog;

import static io.logspout.adapter.syslog.LiveRoutes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.RsyslogServer;
import io.logspout.testsupport.SyslogRecord;
import io.logspout.testsupport.TestCertificates;
import io.logspout.testsupport.TestContainer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code syslog+tls} routes end to end against rsyslog's TLS listener (GnuTLS, a TLS stack
 * other than the JDK's): real containers, an embedded logspout, certificates made for the test,
 * and assertions on the fields rsyslog parsed.
 */
class SyslogTlsIT {
    @TempDir
    static Path certDir;
    private static TestCertificates certs;
    @RegisterExtension
    static final LiveFixture fixture = new LiveFixture();

    private final LiveRoutes live = new LiveRoutes(fixture, "stls");

    @BeforeAll
    static void setUp() {
        certs = TestCertificates.create(certDir);
    }

    private RsyslogServer rsyslog(boolean requireClientCert) {
        return live.rsyslog(RsyslogServer.Options.none().tls(certs.caCert(), certs.serverCert(), certs.serverKey(), requireClientCert));
    }

    /** Trust the test CA only, as logspout's README shows. */
    private static Map<String, String> ownCa(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS", "true",
                "LOGSPOUT_TLS_CA_CERTS", certs.caCert().toString()));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** An embedded logspout with one {@code syslog+tls} route to rsyslog, for this test's containers only. */
    private Logspout logspout(RsyslogServer rsyslog, Map<String, String> settings) {
        return live.logspout("syslog+tls", "127.0.0.1:" + rsyslog.tlsPort(), "", settings);
    }

    private TestContainer run(ContainerSpec spec) {
        return live.run(spec);
    }

    @Test
    void syslogOverTlsWithAnOwnCaIsWhatRsyslogParses() {
        RsyslogServer rsyslog = rsyslog(false);
        TestContainer app = run(ContainerSpec.script("echo 'hello over tls'; echo 'an error' >&2; sleep 600").hostname("tls-host"));
        logspout(rsyslog, ownCa());

        List<SyslogRecord> records = rsyslog.awaitRecords(2, WAIT);

        String pid = app.inspect("{{.State.Pid}}").strip();
        SyslogRecord out = records.stream().filter(record -> record.msg().equals("hello over tls")).findFirst().orElseThrow();
        assertThat(out).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName, SyslogRecord::procId,
                SyslogRecord::msgId, SyslogRecord::structuredData, SyslogRecord::input).containsExactly(14, "tls-host", app.name(), pid, "-", "-", "tls");
        assertThat(out.raw()).startsWith("<14>1 ");
        assertThat(records).filteredOn(record -> record.msg().equals("an error")).singleElement()
                .extracting(SyslogRecord::pri, SyslogRecord::input).containsExactly(11, "tls");
        assertThat(records).hasSize(2);
    }

    /** logspout's README "paranoid mode": only the own CA, hardening, a client certificate; with octet counting. */
    @Test
    void mutualTlsWithHardeningAndOctetCountingIsAccepted() {
        RsyslogServer rsyslog = rsyslog(true);
        TestContainer app = run(ContainerSpec.script("echo first; echo second; sleep 600"));
        logspout(rsyslog, ownCa(
                "LOGSPOUT_TLS_HARDENING", "true",
                "LOGSPOUT_TLS_CLIENT_CERT", certs.clientCertEc().toString(),
                "LOGSPOUT_TLS_CLIENT_KEY", certs.clientKeyEc().toString(),
                "SYSLOG_TCP_FRAMING", "octet-counted",
                "SYSLOG_DATA", "{{.Data}}\\nmore"));

        List<SyslogRecord> records = rsyslog.awaitRecords(2, WAIT);

        // A line feed inside a message survives only with octet counting; rsyslog shows it as #012.
        assertThat(records).extracting(SyslogRecord::msg).containsExactly("first#012more", "second#012more");
        assertThat(records).extracting(SyslogRecord::appName, SyslogRecord::input).containsOnly(tuple(app.name(), "tls"));
        assertThat(records.getFirst().raw()).startsWith("<14>1 ");
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedAndNothingIsSent() {
        RsyslogServer rsyslog = rsyslog(false);
        run(ContainerSpec.script("echo never delivered; sleep 600"));
        Logspout logspout = logspout(rsyslog, ownCa("LOGSPOUT_TLS_CA_CERTS", certs.otherCaCert().toString()));

        RouteChannel route = logspout.routes().channels().getFirst();
        Await.until(WAIT, () -> route.lastError().contains("tls: handshake with 127.0.0.1:" + rsyslog.tlsPort()),
                () -> "the route to fail its handshake, last error: " + route.lastError());

        assertThat(route.lastError()).contains("PKIX path building failed", "signed by a CA of its trust store");
        assertThat(route.status()).isNotEqualTo(RouteChannel.Status.CONNECTED);
        assertThat(route.sentCount()).isZero();
        assertThat(rsyslog.records()).isEmpty();
    }

    @Test
    void anRsyslogRestartInTheMiddleOfTheStreamLosesNothing() {
        RsyslogServer rsyslog = rsyslog(true);
        live.receiverRestartLosesNothing(rsyslog, "syslog+tls", rsyslog.tlsPort(), ownCa(
                "LOGSPOUT_TLS_CLIENT_CERT", certs.clientCert().toString(),
                "LOGSPOUT_TLS_CLIENT_KEY", certs.clientKey().toString()));
    }
}
