package io.logspout.adapter.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.DockerHost;
import io.logspout.testsupport.RsyslogServer;
import io.logspout.testsupport.SyslogRecord;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog routes end to end: real containers on the test engine, an embedded logspout, and a real
 * rsyslogd as the receiver; the assertions are on the fields rsyslog parsed. Each test names its
 * containers with a prefix of its own and filters its route on it.
 */
class SyslogIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RFC3339_SECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";
    private static DockerHost docker;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String prefix = "sys" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void connect() {
        docker = DockerHost.connect();
    }

    @AfterAll
    static void cleanUp() {
        if (docker != null) {
            docker.close();
        }
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private RsyslogServer rsyslog() {
        RsyslogServer server = RsyslogServer.start(RsyslogServer.Options.defaults());
        resources.add(server);
        return server;
    }

    /** An embedded logspout with one route to {@code scheme://address}, for this test's containers only. */
    private Logspout logspout(String scheme, String address, String query, Map<String, String> settings) {
        String uri = scheme + "://" + address + "?filter.name=" + prefix + "-*" + (query.isEmpty() ? "" : "&" + query);
        Logspout logspout = Logspout.builder().config(Config.environment().withOverrides(settings)).routes(uri).build().start();
        resources.add(logspout);
        return logspout;
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = docker.run(spec.namePrefix(prefix));
        resources.add(0, container::remove); // removed after logspout stopped
        return container;
    }

    private static int pid(TestContainer container) {
        return Integer.parseInt(container.inspect("{{.State.Pid}}").strip());
    }

    private static SyslogRecord withMsg(List<SyslogRecord> records, String msg) {
        return records.stream().filter(record -> record.msg().equals(msg)).findFirst()
                .orElseThrow(() -> new AssertionError("no record with msg \"" + msg + "\" in " + records));
    }

    @Test
    void rfc5424OverUdpIsWhatRsyslogParses() {
        RsyslogServer rsyslog = rsyslog();
        TestContainer app = run(ContainerSpec.script("echo 'hello w\u00f6rld'; echo oops >&2; sleep 600").hostname("web-host"));
        // Framing is for streams only: on UDP this setting changes nothing.
        logspout("syslog", "127.0.0.1:" + rsyslog.udpPort(), "", Map.of("SYSLOG_TCP_FRAMING", "octet-counted"));

        List<SyslogRecord> records = rsyslog.awaitRecords(2, WAIT);

        String pid = Integer.toString(pid(app));
        SyslogRecord out = withMsg(records, "hello w\u00f6rld");
        assertThat(out).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName, SyslogRecord::procId,
                SyslogRecord::msgId, SyslogRecord::structuredData, SyslogRecord::input).containsExactly(14, "web-host", app.name(), pid, "-", "-", "udp");
        assertThat(out.raw()).startsWith("<14>1 ");
        assertThat(out.timestamp()).matches(RFC3339_SECONDS);
        assertThat(Duration.between(OffsetDateTime.parse(out.timestamp()).toInstant(), java.time.Instant.now()).abs()).isLessThan(WAIT);
        assertThat(withMsg(records, "oops")).extracting(SyslogRecord::pri, SyslogRecord::appName).containsExactly(11, app.name());
        assertThat(records).hasSize(2);
    }

    @Test
    void rfc3164OverUdpIsWhatRsyslogParses() {
        RsyslogServer rsyslog = rsyslog();
        TestContainer app = run(ContainerSpec.script("echo legacy; sleep 600").hostname("old-host"));
        logspout("syslog+udp", "127.0.0.1:" + rsyslog.udpPort(), "", Map.of("SYSLOG_FORMAT", "rfc3164"));

        SyslogRecord record = rsyslog.awaitRecords(1, WAIT).getFirst();

        // rsyslog keeps the space after "tag[pid]:" in an RFC 3164 message.
        assertThat(record).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName, SyslogRecord::procId,
                SyslogRecord::structuredData, SyslogRecord::msg).containsExactly(14, "old-host", app.name(), Integer.toString(pid(app)), "-", " legacy");
        assertThat(record.raw()).matches("<14>" + RFC3339_SECONDS + " old-host " + app.name() + "\\[\\d+\\]: legacy");
        assertThat(record.timestamp()).matches(RFC3339_SECONDS);
    }

    @Test
    void tcpWithTraditionalFramingCarriesEveryLineInOrderWithTheConfiguredFields(@TempDir Path dir) throws IOException {
        RsyslogServer rsyslog = rsyslog();
        Path hostHostname = Files.writeString(dir.resolve("host_hostname"), "docker-host-7\n");
        TestContainer app = run(ContainerSpec.script("seq 1 500; sleep 600").hostname("ignored-host"));
        logspout("syslog+tcp", "127.0.0.1:" + rsyslog.tcpPort(), "append_tag=.web", Map.of(
                "SYSLOG_HOST_HOSTNAME_FILE", hostHostname.toString(),
                "SYSLOG_STRUCTURED_DATA", "0123abcd@41058 tag=\"some tag name\"",
                "SYSLOG_PID", "{{.Source}}",
                "SYSLOG_TIMESTAMP", "{{.TimestampMicro}}"));

        List<SyslogRecord> records = rsyslog.awaitRecords(500, WAIT);

        assertThat(records).extracting(SyslogRecord::msg).containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(Integer::toString).toList());
        SyslogRecord first = records.getFirst();
        assertThat(first).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName, SyslogRecord::procId,
                SyslogRecord::structuredData, SyslogRecord::input)
                .containsExactly(14, "docker-host-7", app.name() + ".web", "stdout", "[0123abcd@41058 tag=\"some tag name\"]", "tcp");
        assertThat(first.timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
    }

    @Test
    void tcpWithOctetCountingCarriesMessagesThatHoldLineFeeds() {
        RsyslogServer rsyslog = rsyslog();
        run(ContainerSpec.script("echo 'gr\u00fc\u00dfe \u65e5\u672c'; echo second; sleep 600"));
        // A line feed inside a message is what octet counting is for: LF framing would split it in two.
        logspout("syslog+tcp", "127.0.0.1:" + rsyslog.tcpPort(), "", Map.of(
                "SYSLOG_TCP_FRAMING", "octet-counted",
                "SYSLOG_DATA", "{{.Data}}\\nmore"));

        List<SyslogRecord> records = rsyslog.awaitRecords(2, WAIT);

        // rsyslog shows the line feed as #012.
        assertThat(records).extracting(SyslogRecord::msg).containsExactly("gr\u00fc\u00dfe \u65e5\u672c#012more", "second#012more");
        assertThat(records.getFirst().raw()).startsWith("<14>1 ");
    }

    /**
     * The receiver goes down after 5 000 of 10 000 lines and comes back while the rest is written.
     * The first half is all in before the stop: a TCP sender cannot know which of the bytes it
     * wrote a stopping rsyslogd had still read (see RsyslogServer.stop()); everything else, the
     * write into the closed connection, the refused connects, the lines queued meanwhile, is
     * the router's to get right.
     */
    @Test
    void aReceiverRestartInTheMiddleOfTheStreamLosesAndRepeatsNothing() {
        RsyslogServer rsyslog = rsyslog();
        TestContainer app = run(ContainerSpec.script(bursts(1, 5_000) + " while [ ! -e /go ]; do sleep 0.05; done;" + bursts(5_001, 10_000) + " sleep 600"));
        Logspout logspout = logspout("syslog+tcp", "127.0.0.1:" + rsyslog.tcpPort(), "", Map.of());
        rsyslog.awaitRecords(5_000, WAIT);

        rsyslog.stop();
        app.exec("echo > /go");
        Await.until(WAIT, () -> app.logs().stdout().endsWith("\n10000\n"), () -> "the container to write its second half");
        RouteChannel route = logspout.routes().channels().getFirst();
        Await.until(WAIT, () -> !route.lastError().isEmpty(), () -> "the route to find the receiver gone");
        rsyslog.restart();

        List<SyslogRecord> records = rsyslog.awaitRecords(10_000, WAIT);
        assertThat(records).extracting(SyslogRecord::msg).containsExactlyElementsOf(IntStream.rangeClosed(1, 10_000).mapToObj(Integer::toString).toList());
        assertThat(route.lastError()).isEmpty();
    }

    /** A shell loop that prints the numbers {@code from} to {@code to} in bursts of 100, about 50 ms apart. */
    private static String bursts(int from, int to) {
        return " for b in $(seq " + (from - 1) / 100 + " " + (to - 1) / 100 + "); do seq $((b*100+1)) $((b*100+100)); sleep 0.05; done;";
    }
}
