package io.logspout.adapter.syslog;

import static io.logspout.adapter.syslog.Routes.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogAdapterFactoryTest {
    /** 2021-12-03T10:15:30.123456789Z */
    private static final long TIME = Instant.parse("2021-12-03T10:15:30.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
    private static final ContainerInfo WEB = new ContainerInfo("8dfafdbc3a40" + "0".repeat(52), "/web_1", "busybox", "sha256:1",
            "8dfafdbc3a40", Map.of("host", "labelled-host"), List.of(), 4242, false, Map.of());
    private static TimeZone savedZone;

    @BeforeAll
    static void utc() {
        // The timestamp is in the process's zone, as in Go logspout; these tests pin it.
        savedZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(savedZone);
    }

    private static LogMessage stdout(String data) {
        return new LogMessage(WEB, LogMessage.STDOUT, data, TIME);
    }

    private static LogMessage stderr(String data) {
        return new LogMessage(WEB, LogMessage.STDERR, data, TIME);
    }

    @Test
    void rfc5424IsTheDefaultWithLogspoutsLayout() {
        assertThat(encode(Routes.over("udp").adapter(), stdout("hello world")))
                .isEqualTo("<14>1 2021-12-03T10:15:30Z 8dfafdbc3a40 web_1 4242 - - hello world\n");
    }

    @Test
    void rfc3164HasNoVersionNoStructuredDataAndThePidInBrackets() {
        assertThat(encode(Routes.over("udp").set("SYSLOG_FORMAT", "rfc3164").adapter(), stderr("boom")))
                .isEqualTo("<11>2021-12-03T10:15:30Z 8dfafdbc3a40 web_1[4242]: boom\n");
    }

    @Test
    void rfc3164WithTheBsdTimestampTheReadmeShows() {
        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_FORMAT", "rfc3164").set("SYSLOG_TIMESTAMP", "{{.Time.Format \"Jan _2 15:04:05\"}}").adapter();

        assertThat(encode(adapter, new LogMessage(WEB, LogMessage.STDOUT, "x", TIME - 2L * 86_400 * 1_000_000_000L)))
                .isEqualTo("<14>Dec  1 10:15:30 8dfafdbc3a40 web_1[4242]: x\n");
    }

    @Test
    void priorityIs14ForStdout11ForStderrAnd30Otherwise() {
        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_DATA", "{{.Priority}}").adapter();

        assertThat(encode(adapter, stdout("x"))).startsWith("<14>1 ").endsWith(" 14\n");
        assertThat(encode(adapter, stderr("x"))).startsWith("<11>1 ").endsWith(" 11\n");
        assertThat(encode(adapter, new LogMessage(WEB, "syslog", "x", TIME))).startsWith("<30>1 ").endsWith(" 30\n");
    }

    @Test
    void everyFieldIsATemplateOverTheMessage() {
        SyslogAdapter adapter = Routes.over("udp")
                .set("SYSLOG_PRIORITY", "{{if eq .Source \"stderr\"}}3{{else}}6{{end}}")
                .set("SYSLOG_TIMESTAMP", "{{.Time.Unix}}")
                .set("SYSLOG_HOSTNAME", "{{.Container.Config.Labels.host}}")
                .set("SYSLOG_TAG", "{{ index (.ContainerNameSplitN \"_\" 2) 0 }}")
                .set("SYSLOG_PID", "p{{.Container.State.Pid}}")
                .set("SYSLOG_STRUCTURED_DATA", "meta@1 source=\"{{.Source}}\"")
                .set("SYSLOG_DATA", "{{ toJSON .Data }}")
                .adapter();

        assertThat(encode(adapter, stderr("a \"b\"")))
                .isEqualTo("<3>1 1638526530 labelled-host web p4242 - [meta@1 source=\"stderr\"] \"a \\\"b\\\"\"\n");
    }

    @Test
    void templateNamesOfTheSyslogMessage() {
        SyslogAdapter adapter = Routes.over("udp")
                .set("SYSLOG_DATA", "{{.Priority}}|{{.Timestamp}}|{{.TimestampMicro}}|{{.ContainerName}}|{{.ContainerNameSplitN \"_\" -1}}|{{.Data}}")
                .adapter();

        assertThat(encode(adapter, stdout("d")))
                .endsWith(" 14|2021-12-03T10:15:30Z|2021-12-03T10:15:30.123456Z|web_1|[web 1]|d\n");
    }

    @Test
    void theHostnameNameIsTheRealHostNameOfTheMachine() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("hostname").start();
        String hostname = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).isZero();

        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_HOSTNAME", "{{.Hostname}}").set("SYSLOG_DATA", "{{.Hostname}}").adapter();

        assertThat(hostname).isNotBlank();
        assertThat(encode(adapter, stdout("x"))).isEqualTo("<14>1 2021-12-03T10:15:30Z " + hostname + " web_1 4242 - - " + hostname + "\n");
    }

    @Test
    void timestampsAreRfc3339InTheProcessZoneLikeTimeFormat() {
        TimeZone utc = TimeZone.getDefault();
        try {
            for (String zone : List.of("UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Africa/Monrovia")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                Routes routes = Routes.over("udp").set("SYSLOG_DATA",
                        "{{.Timestamp}} {{.Time.Format \"2006-01-02T15:04:05Z07:00\"}} {{.TimestampMicro}} {{.Time.Format \"2006-01-02T15:04:05.000000Z07:00\"}}");
                SyslogAdapter adapter = routes.adapter();
                for (String time : List.of("2021-12-03T10:15:30.000000001Z", "2021-07-01T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
                        "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1950-06-30T12:00:00Z")) {
                    Instant instant = Instant.parse(time);
                    LogMessage message = new LogMessage(WEB, LogMessage.STDOUT, "x", instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
                    String[] data = encode(adapter, message).strip().split(" - - ")[1].split(" ");
                    assertThat(data[0]).as("%s in %s", time, zone).isEqualTo(data[1]);
                    assertThat(data[2]).as("%s in %s", time, zone).isEqualTo(data[3]);
                    assertThat(encode(adapter, message)).contains("<14>1 " + data[0] + " ");
                }
            }
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
            assertThat(encode(Routes.over("udp").adapter(), stdout("x"))).startsWith("<14>1 2021-12-03T11:15:30+01:00 ");
            assertThat(encode(Routes.over("udp").set("SYSLOG_TIMESTAMP", "{{.TimestampMicro}}").adapter(), stdout("x")))
                    .startsWith("<14>1 2021-12-03T11:15:30.123456+01:00 ");
        } finally {
            TimeZone.setDefault(utc);
        }
    }

    @Test
    void rfc5424CutsHostnameTagAndPidToCharactersNotBytes() {
        String host = "\u00e9".repeat(300);
        String name = "\u65e5".repeat(60);
        String pid = "\uD83D\uDE00".repeat(200); // one character, two chars in Java, four bytes in UTF-8
        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_HOSTNAME", host).set("SYSLOG_TAG", name).set("SYSLOG_PID", pid).adapter();

        assertThat(encode(adapter, stdout("d")))
                .isEqualTo("<14>1 2021-12-03T10:15:30Z " + "\u00e9".repeat(255) + " " + "\u65e5".repeat(48) + " " + "\uD83D\uDE00".repeat(128) + " - - d\n");
    }

    @Test
    void rfc3164CutsOnlyTheTagTo32Characters() {
        String host = "\u00e9".repeat(300);
        String pid = "9".repeat(200);
        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_FORMAT", "rfc3164").set("SYSLOG_HOSTNAME", host)
                .set("SYSLOG_TAG", "\u00fc".repeat(40)).set("SYSLOG_PID", pid).adapter();

        assertThat(encode(adapter, stdout("d"))).isEqualTo("<14>2021-12-03T10:15:30Z " + host + " " + "\u00fc".repeat(32) + "[" + pid + "]: d\n");
    }

    @Test
    void theDefaultTagIsCutToo() {
        ContainerInfo longName = WEB.withName("/" + "\u00e4".repeat(50));

        assertThat(encode(Routes.over("udp").adapter(), new LogMessage(longName, LogMessage.STDOUT, "d", TIME)))
                .isEqualTo("<14>1 2021-12-03T10:15:30Z 8dfafdbc3a40 " + "\u00e4".repeat(48) + " 4242 - - d\n");
    }

    @Test
    void octetCountedFramingPrefixesTheByteLengthIncludingTheNewline() {
        String line = "<14>1 2021-12-03T10:15:30Z 8dfafdbc3a40 web_1 4242 - - gr\u00fc\u00dfe \u65e5\n";
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;

        for (String transport : List.of("tcp", "tls")) {
            assertThat(encode(Routes.over(transport).set("SYSLOG_TCP_FRAMING", "octet-counted").adapter(), stdout("gr\u00fc\u00dfe \u65e5")))
                    .isEqualTo(bytes + " " + line);
        }
        assertThat(bytes).isGreaterThan(line.length());
    }

    @Test
    void traditionalFramingIsTheDefaultAndUdpIsNeverFramed() {
        String line = "<14>1 2021-12-03T10:15:30Z 8dfafdbc3a40 web_1 4242 - - x\n";

        assertThat(encode(Routes.over("tcp").adapter(), stdout("x"))).isEqualTo(line);
        assertThat(encode(Routes.over("tcp").set("SYSLOG_TCP_FRAMING", "traditional").adapter(), stdout("x"))).isEqualTo(line);
        assertThat(encode(Routes.over("udp").set("SYSLOG_TCP_FRAMING", "octet-counted").adapter(), stdout("x"))).isEqualTo(line);
    }

    @Test
    void anInvalidFramingIsAnErrorOnlyOnStreamTransports() {
        for (String transport : List.of("tcp", "tls")) {
            assertThatThrownBy(() -> Routes.over(transport).set("SYSLOG_TCP_FRAMING", "octet").adapter())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SYSLOG_TCP_FRAMING=octet")
                    .hasMessageContaining("traditional")
                    .hasMessageContaining("octet-counted");
        }
        assertThat(encode(Routes.over("udp").set("SYSLOG_TCP_FRAMING", "octet").adapter(), stdout("x"))).startsWith("<14>1 ");
    }

    @Test
    void anInvalidFormatIsAnErrorNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> Routes.over("udp").set("SYSLOG_FORMAT", "invalid-option").adapter())
                .isInstanceOf(ConfigException.class)
                .hasMessage("SYSLOG_FORMAT=invalid-option is not a syslog format; accepted: rfc5424 (the default) or rfc3164");
        assertThatThrownBy(() -> Routes.over("tcp").set("SYSLOG_FORMAT", "RFC5424").adapter()).isInstanceOf(ConfigException.class);
    }

    @Test
    void appendTagFollowsTheContainerNameUnlessSyslogTagIsSet() {
        assertThat(encode(Routes.over("udp").option("append_tag", ".prod").adapter(), stdout("x"))).contains(" web_1.prod 4242 ");
        assertThat(encode(Routes.over("udp").option("append_tag", "-{{.Source}}").adapter(), stdout("x"))).contains(" web_1-stdout 4242 ");
        assertThat(encode(Routes.over("udp").option("append_tag", ".prod").set("SYSLOG_TAG", "app").adapter(), stdout("x"))).contains(" app 4242 ");
    }

    @Test
    void structuredDataFromTheRouteOptionWinsOverTheSetting() {
        Routes both = Routes.over("udp").set("SYSLOG_STRUCTURED_DATA", "env@1 a=\"1\"").option("structured_data", "route@1 b=\"2\"");
        Routes setting = Routes.over("udp").set("SYSLOG_STRUCTURED_DATA", "env@1 a=\"1\"");

        assertThat(encode(both.adapter(), stdout("x"))).contains(" 4242 - [route@1 b=\"2\"] x\n");
        assertThat(encode(setting.adapter(), stdout("x"))).contains(" 4242 - [env@1 a=\"1\"] x\n");
        assertThat(encode(Routes.over("udp").adapter(), stdout("x"))).contains(" 4242 - - x\n");
    }

    @Test
    void theLogglyExample() {
        SyslogAdapter adapter = Routes.over("tcp").set("SYSLOG_STRUCTURED_DATA", "<key>@41058 tag=\"x\"").adapter();

        assertThat(encode(adapter, stdout("hi"))).isEqualTo("<14>1 2021-12-03T10:15:30Z 8dfafdbc3a40 web_1 4242 - [<key>@41058 tag=\"x\"] hi\n");
    }

    @Test
    void theHostHostnameFileWinsWithoutItsLineEnd(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("host_hostname");
        Files.writeString(file, "docker-host-1\r\n");
        SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_HOST_HOSTNAME_FILE", file.toString()).set("SYSLOG_HOSTNAME", "ignored")
                .set("SYSLOG_DATA", "{{.Hostname}}").adapter();

        assertThat(encode(adapter, stdout("x"))).isEqualTo("<14>1 2021-12-03T10:15:30Z docker-host-1 web_1 4242 - - docker-host-1\n");
    }

    @Test
    void anEmptyOrMissingHostHostnameFileIsIgnored(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path lineEndOnly = Files.writeString(dir.resolve("line-end"), "\r\n");
        for (Path file : List.of(empty, lineEndOnly, dir.resolve("missing"), dir)) {
            SyslogAdapter adapter = Routes.over("udp").set("SYSLOG_HOST_HOSTNAME_FILE", file.toString()).set("SYSLOG_HOSTNAME", "from-setting").adapter();
            assertThat(encode(adapter, stdout("x"))).as(file.toString()).contains(" from-setting web_1 ");
        }
    }

    @Test
    void aBadTemplateIsRejectedNamingItsSetting() {
        for (String setting : List.of("SYSLOG_PRIORITY", "SYSLOG_TIMESTAMP", "SYSLOG_HOSTNAME", "SYSLOG_TAG", "SYSLOG_PID", "SYSLOG_STRUCTURED_DATA", "SYSLOG_DATA")) {
            assertThatThrownBy(() -> Routes.over("udp").set(setting, "{{ .Nope }}").adapter())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(setting + " is not a valid template")
                    .hasMessageContaining("ContainerNameSplitN");
        }
        assertThatThrownBy(() -> Routes.over("udp").option("append_tag", "{{").adapter())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the route option append_tag");
        assertThatThrownBy(() -> Routes.over("udp").option("structured_data", "{{ .Nope }}").adapter())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the route option structured_data");
    }

    @Test
    void wrongArgumentsToTheSyslogNamesAreRejectedAtRouteCreation() {
        assertThatThrownBy(() -> Routes.over("udp").set("SYSLOG_PRIORITY", "{{ .Priority 1 }}").adapter())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SYSLOG_PRIORITY cannot be rendered: Priority takes no arguments");
        assertThatThrownBy(() -> Routes.over("udp").set("SYSLOG_TAG", "{{ .ContainerNameSplitN \".\" }}").adapter())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SYSLOG_TAG cannot be rendered: ContainerNameSplitN takes a separator and a count");
    }

    @Test
    void theDefaultFieldsGiveTheSameBytesWithoutTheTemplateEngine() {
        List<ContainerInfo> containers = List.of(WEB,
                new ContainerInfo("a".repeat(64), "/\u00e9t\u00e9_\u65e5\u672c", "i", "sha256:2", "", Map.of(), List.of(), 0, false, Map.of()),
                new ContainerInfo("b".repeat(64), "/b", "i", "sha256:3", "", Map.of(), List.of(), 0, false,
                        Map.of("Config", Map.of("Hostname", "from-inspect"), "State", Map.of("Pid", 77))),
                new ContainerInfo("c".repeat(64), "/" + "x".repeat(70), "i", "sha256:4", "h".repeat(300), Map.of(), List.of(), Integer.MAX_VALUE, false, Map.of()));
        for (Routes routes : List.of(Routes.over("udp"), Routes.over("tcp").set("SYSLOG_FORMAT", "rfc3164"),
                Routes.over("tcp").set("SYSLOG_TCP_FRAMING", "octet-counted").set("SYSLOG_TIMESTAMP", "{{.TimestampMicro}}"))) {
            SyslogAdapter fast = routes.adapter(true);
            SyslogAdapter templates = routes.adapter(false);
            for (ContainerInfo container : containers) {
                for (String source : List.of(LogMessage.STDOUT, LogMessage.STDERR, "other")) {
                    for (long time : List.of(TIME, 0L, -1L, TIME + 999_999_999L)) {
                        LogMessage message = new LogMessage(container, source, "data \u00e9 \uD83D\uDE00 \t\r", time);
                        assertThat(encode(fast, message)).isEqualTo(encode(templates, message));
                    }
                }
            }
        }
        assertThat(encode(Routes.over("udp").adapter(), new LogMessage(containers.get(2), "stdout", "x", TIME))).contains(" from-inspect b 77 ");
    }

    @Test
    void isRegisteredAsSyslogWithUdpByDefault() {
        AdapterFactory factory = ServiceLoader.load(AdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("syslog"))
                .findFirst()
                .orElseThrow();

        assertThat(factory).isInstanceOf(SyslogAdapterFactory.class);
        assertThat(factory.defaultTransport()).isEqualTo("udp");
        assertThat(factory.standsForBareTransport()).isFalse();
    }
}
