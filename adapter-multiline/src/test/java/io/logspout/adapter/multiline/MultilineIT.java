package io.logspout.adapter.multiline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code multiline+raw+tcp} end to end: an embedded logspout on the test engine, containers
 * printing real stack traces, real TCP sinks. Every message is a JSON string
 * ({@code RAW_FORMAT={{ toJSON .Data }}\n}), so a joined entry is one line at the sink.
 */
class MultilineIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_DATA = "{{ toJSON .Data }}\\n";
    /** Java traces (with their causes) and Python tracebacks (with their closing error line). */
    private static final String TRACE_PATTERN = "^(\\s|Caused by: |[A-Z]\\w*(Error|Exception): )";

    /** What {@code java Boom.java} printed: an uncaught exception with a cause. */
    private static final List<String> JAVA_TRACE = List.of(
            "Exception in thread \"main\" java.lang.IllegalStateException: cannot load config",
            "\tat Boom.load(Boom.java:4)",
            "\tat Boom.main(Boom.java:6)",
            "Caused by: java.lang.NumberFormatException: For input string: \"x1\"",
            "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
            "\tat java.base/java.lang.Integer.parseInt(Integer.java:565)",
            "\tat java.base/java.lang.Integer.parseInt(Integer.java:662)",
            "\tat Boom.parse(Boom.java:2)",
            "\tat Boom.load(Boom.java:4)",
            "\t... 1 more");
    /** What {@code python3 app.py} printed. */
    private static final List<String> PYTHON_TRACEBACK = List.of(
            "Traceback (most recent call last):",
            "  File \"/app/app.py\", line 7, in <module>",
            "    outer()",
            "  File \"/app/app.py\", line 5, in outer",
            "    inner()",
            "  File \"/app/app.py\", line 2, in inner",
            "    raise ValueError(\"bad value\")",
            "ValueError: bad value");
    private static final String STDERR_LINE = "  indented on stderr";

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private final String prefix = "ml" + UUID.randomUUID().toString().substring(0, 6);

    private Logspout logspout(Map<String, String> settings, String... routes) {
        Logspout logspout = Logspout.builder().config(Config.environment().withOverrides(settings)).routes(String.join(",", routes)).build().start();
        live.closing(logspout);
        return logspout;
    }

    private TestContainer run(String script) {
        TestContainer container = live.docker().run(ContainerSpec.script(script).namePrefix(prefix));
        live.closingLast(container::remove); // removed after logspout stopped
        return container;
    }

    private String mine() {
        return "?filter.name=" + prefix + "-*";
    }

    /** {@code printf} of each line, quoted for sh. */
    private static String print(List<String> lines) {
        return lines.stream().map(line -> "'" + line.replace("'", "'\\''") + "'").collect(Collectors.joining(" ", "printf '%s\\n' ", ""));
    }

    private static List<String> decoded(TcpSink sink) {
        return sink.lines().stream().map(MultilineIT::decode).toList();
    }

    private static String decode(String jsonString) {
        try {
            return JSON.readValue(jsonString, String.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a JSON string: " + jsonString, e);
        }
    }

    @Test
    void eachTraceArrivesAsOneMessageAndAPlainRouteStillGetsTheLines() {
        TcpSink joined = live.sink();
        TcpSink plain = live.sink();
        logspout(Map.of("RAW_FORMAT", JSON_DATA, "MULTILINE_PATTERN", TRACE_PATTERN),
                "multiline+raw+tcp://" + joined.address() + mine(), "tcp://" + plain.address() + mine());

        TestContainer app = run(String.join("; ",
                print(List.of("app starting")),
                print(JAVA_TRACE.subList(0, 2)),
                "echo '" + STDERR_LINE + "' >&2", // another stream: joined on its own, never into the trace
                print(JAVA_TRACE.subList(2, JAVA_TRACE.size())),
                print(List.of("request handled")),
                print(PYTHON_TRACEBACK),
                print(List.of("app done")),
                "sleep 600"));

        List<String> entries = List.of("app starting", String.join("\n", JAVA_TRACE), "request handled", String.join("\n", PYTHON_TRACEBACK), "app done");
        // "app done" has no line after it: the timer sends it, while the container still runs.
        Await.until(WAIT, () -> joined.lines().size() >= entries.size() + 1, () -> entries.size() + 1 + " messages, got " + decoded(joined));
        assertThat(app.isRunning()).isTrue();
        List<String> received = decoded(joined);
        assertThat(received).filteredOn(STDERR_LINE::equals).hasSize(1);
        assertThat(received).filteredOn(message -> !message.equals(STDERR_LINE)).containsExactlyElementsOf(entries);

        List<String> lines = new ArrayList<>(List.of("app starting"));
        lines.addAll(JAVA_TRACE);
        lines.add("request handled");
        lines.addAll(PYTHON_TRACEBACK);
        lines.add("app done");
        Await.until(WAIT, () -> plain.lines().size() >= lines.size() + 1, () -> lines.size() + 1 + " lines, got " + decoded(plain));
        assertThat(decoded(plain)).filteredOn(line -> !line.equals(STDERR_LINE)).containsExactlyElementsOf(lines);
        assertThat(decoded(plain)).filteredOn(STDERR_LINE::equals).hasSize(1);
    }

    /** The README's example of each other MULTILINE_MATCH mode: its lines, its pattern, the entries it gives. */
    static Stream<Arguments> matchModes() {
        return Stream.of(
                Arguments.of("first", "^\\d{4}-\\d\\d-\\d\\d ",
                        List.of("2024-05-01 12:00:00 ERROR request failed", "java.io.IOException: reset", "    at Sock.read(Sock.java:9)", "2024-05-01 12:00:01 INFO next"),
                        List.of("2024-05-01 12:00:00 ERROR request failed\njava.io.IOException: reset\n    at Sock.read(Sock.java:9)", "2024-05-01 12:00:01 INFO next")),
                Arguments.of("LAST", ";$",
                        List.of("SELECT *", "FROM t", "WHERE a = 1;", "COMMIT;"),
                        List.of("SELECT *\nFROM t\nWHERE a = 1;", "COMMIT;")),
                Arguments.of("nonlast", "^(Traceback|\\s)",
                        List.of("Traceback (most recent call last):", "  File \"app.py\", line 2, in <module>", "    main()", "ValueError: bad value", "served 3 requests"),
                        List.of("Traceback (most recent call last):\n  File \"app.py\", line 2, in <module>\n    main()\nValueError: bad value", "served 3 requests")));
    }

    @ParameterizedTest
    @MethodSource("matchModes")
    void eachMatchModeJoinsAsTheReadmeShows(String mode, String pattern, List<String> lines, List<String> entries) {
        TcpSink joined = live.sink();
        logspout(Map.of("RAW_FORMAT", JSON_DATA, "MULTILINE_MATCH", mode, "MULTILINE_PATTERN", pattern), "multiline+tcp://" + joined.address() + mine());

        run(print(lines) + "; sleep 600");

        Await.until(WAIT, () -> joined.lines().size() >= entries.size(), () -> entries.size() + " messages, got " + decoded(joined));
        assertThat(decoded(joined)).containsExactlyElementsOf(entries);
    }

    @Test
    void withJoiningOffByDefaultAContainerOptsInWithLogspoutMultiline() {
        TcpSink joined = live.sink();
        logspout(Map.of("RAW_FORMAT", JSON_DATA, "MULTILINE_ENABLE_DEFAULT", "false"), "multiline+tcp://" + joined.address() + mine());
        List<String> trace = List.of("boom", "\tat A.b(A.java:1)");

        TestContainer optedIn = live.docker().run(ContainerSpec.script(print(trace) + "; sleep 600").namePrefix(prefix).env("LOGSPOUT_MULTILINE", "True"));
        live.closingLast(optedIn::remove);
        TestContainer plain = live.docker().run(ContainerSpec.script(print(trace) + "; echo plain-end; sleep 600").namePrefix(prefix));
        live.closingLast(plain::remove);

        // The opted-in container's one entry, and the other's three lines one by one.
        Await.until(WAIT, () -> joined.lines().size() >= 4, () -> "4 messages, got " + decoded(joined));
        assertThat(decoded(joined)).containsExactlyInAnyOrder("boom\n\tat A.b(A.java:1)", "boom", "\tat A.b(A.java:1)", "plain-end");
        assertThat(decoded(joined)).containsSubsequence("boom", "\tat A.b(A.java:1)", "plain-end");
    }

    @Test
    void aStoppedContainersPendingEntryIsSentAtOnce() {
        TcpSink joined = live.sink();
        logspout(Map.of("RAW_FORMAT", JSON_DATA, "MULTILINE_FLUSH_AFTER", "600000"), "multiline+tcp://" + joined.address() + mine());

        run(print(List.of("first", "  first continued", "last", "  last continued"))); // exits at once

        Await.until(WAIT, () -> joined.lines().size() >= 2, () -> "2 messages, got " + decoded(joined));
        assertThat(decoded(joined)).containsExactly("first\n  first continued", "last\n  last continued");
    }

    @Test
    void pendingEntriesAreSentWhenLogspoutStops() {
        TcpSink joined = live.sink();
        TcpSink witness = live.sink();
        Logspout logspout = logspout(Map.of("RAW_FORMAT", JSON_DATA, "MULTILINE_FLUSH_AFTER", "600000"),
                "multiline+tcp://" + joined.address() + mine(), "tcp://" + witness.address() + mine());
        TestContainer app = run(print(List.of("first", "  first continued", "pending", "  pending continued")) + "; sleep 600");
        // The router gives a line to every route at once: once the plain route has the last one, so has the multiline route.
        Await.until(WAIT, () -> witness.lines().size() >= 4, () -> "4 lines, got " + decoded(witness));

        logspout.close();

        Await.until(WAIT, () -> joined.lines().size() >= 2, () -> "2 messages, got " + decoded(joined));
        assertThat(decoded(joined)).containsExactly("first\n  first continued", "pending\n  pending continued");
        assertThat(app.isRunning()).isTrue();
    }
}
