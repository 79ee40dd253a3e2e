package io.logspout.adapter.syslog;

import static io.logspout.adapter.syslog.LiveRoutes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.RsyslogServer;
import io.logspout.testsupport.SyslogRecord;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog routes over UDP and TCP end to end: real containers on the test engine, an embedded
 * logspout, and a real rsyslogd as the receiver; the assertions are on the fields rsyslog parsed.
 */
class SyslogIT {
    private static final String RFC3339_SECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";
    @RegisterExtension
    static final LiveFixture fixture = new LiveFixture();

    private final LiveRoutes live = new LiveRoutes(fixture, "sys");

    private RsyslogServer rsyslog() {
        return live.rsyslog(RsyslogServer.Options.defaults());
    }

    private TestContainer run(ContainerSpec spec) {
        return live.run(spec);
    }

    private void logspout(String scheme, String address, String query, Map<String, String> settings) {
        live.logspout(scheme, address, query, settings);
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
        assertThat(OffsetDateTime.parse(out.timestamp()).toInstant()).as("Docker's time of the line, to the second")
                .isEqualTo(app.loggedAt("hello w\u00f6rld").truncatedTo(ChronoUnit.SECONDS));
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
    void hostnameTagAndPriorityTemplatesAreWhatRsyslogParses() {
        RsyslogServer rsyslog = rsyslog();
        TestContainer app = run(ContainerSpec.script("echo fine; echo broken >&2; sleep 600").label("com.docker.compose.service", "billing"));
        // The README's examples: a priority by stream, the logspout host's name, a tag from a label.
        logspout("syslog+tcp", "127.0.0.1:" + rsyslog.tcpPort(), "", Map.of(
                "SYSLOG_PRIORITY", "{{if eq .Source \"stderr\"}}11{{else}}13{{end}}",
                "SYSLOG_HOSTNAME", "edge-{{.Container.Config.Hostname}}",
                "SYSLOG_TAG", "{{ index .Container.Config.Labels \"com.docker.compose.service\" }}"));

        List<SyslogRecord> records = rsyslog.awaitRecords(2, WAIT);

        String hostname = "edge-" + app.inspect("{{.Config.Hostname}}");
        assertThat(withMsg(records, "fine")).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName)
                .containsExactly(13, hostname, "billing");
        assertThat(withMsg(records, "broken")).extracting(SyslogRecord::pri, SyslogRecord::hostname, SyslogRecord::appName)
                .containsExactly(11, hostname, "billing");
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

    @Test
    void aReceiverRestartInTheMiddleOfTheStreamLosesAndRepeatsNothing() {
        RsyslogServer rsyslog = rsyslog();
        live.receiverRestartLosesNothing(rsyslog, "syslog+tcp", rsyslog.tcpPort(), Map.of());
    }
}
