package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar, started as users start it: {@code java -jar logspout.jar [ROUTES]}. */
class LogspoutJarIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        return LogspoutProcess.start(temp, env, args);
    }

    private String stdout() {
        return LogspoutProcess.output(temp, "stdout");
    }

    private String stderr() {
        return LogspoutProcess.output(temp, "stderr");
    }

    /** Where each cell starts when tabs advance to the next multiple of 8. */
    private static List<Integer> columnStarts(String line) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        int column = 0;
        boolean inTabs = false;
        for (char c : line.toCharArray()) {
            if (c == '\t') {
                column = (column / 8 + 1) * 8;
                inTabs = true;
            } else {
                if (inTabs) {
                    starts.add(column);
                    inTabs = false;
                }
                column++;
            }
        }
        return starts;
    }


    private Result runToEnd(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("logspout exits").isTrue();
        return new Result(process.exitValue(), stdout(), stderr());
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() throws Exception {
        Result result = runToEnd(Map.of(), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).matches("v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void aBadRouteExitsOneNamingTheRouteAndTheProblem() throws Exception {
        Result unknownAdapter = runToEnd(Map.of(), "nosuch://127.0.0.1:5000");
        assertThat(unknownAdapter.exitCode()).isEqualTo(1);
        assertThat(unknownAdapter.stderr()).contains("!! ", "nosuch", "unknown adapter", "raw");

        Result emptyPiece = runToEnd(Map.of(), "tcp://127.0.0.1:5000,,udp://127.0.0.1:5001");
        assertThat(emptyPiece.exitCode()).isEqualTo(1);
        assertThat(emptyPiece.stderr()).contains("!! ", "empty");

        Result badTemplate = runToEnd(Map.of("RAW_FORMAT", "{{ .Data "), "tcp://127.0.0.1:5000");
        assertThat(badTemplate.exitCode()).isEqualTo(1);
        assertThat(badTemplate.stderr()).contains("!! ", "RAW_FORMAT");
    }

    @Test
    void runsFromTheCommandLineWithBannerAndRoutesTableAndRoutesLines() throws Exception {
        String prefix = "jar" + Long.toHexString(System.nanoTime());
        try (TcpSink sink = TcpSink.start()) {
            Process logspout = start(Map.of(), "tcp://" + sink.address() + "?filter.name=" + prefix + "-*&append_tag=.x");
            try {
                TestContainer app = live.docker().run(ContainerSpec.script("echo from-the-jar; sleep 600").namePrefix(prefix));
                assertThat(sink.awaitLine("from-the-jar"::equals, WAIT)).isEqualTo("from-the-jar");
                assertThat(logspout.isAlive()).isTrue();
                app.remove();
            } finally {
                logspout.destroy();
                assertThat(logspout.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            assertThat(stderr()).contains("# logspout-jvm v", ", compatible with logspout v3.2.14\n", "# adapters: ", "raw", "tcp", "udp", "# jobs    : ", "pump", "# routes  :");
            // Go logspout's log format: date and time, then the message.
            assertThat(stderr()).containsPattern("(?m)^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} # logspout-jvm v");
            List<String> table = stdout().lines().toList();
            assertThat(table).hasSize(2);
            assertThat(table.get(0).split("\t+")).containsExactly("#   ADAPTER", "ADDRESS", "CONTAINERS", "SOURCES", "OPTIONS");
            assertThat(table.get(1).split("\t+")).containsExactly("#   raw+tcp", sink.address(), prefix + "-*", "map[append_tag:.x]");
            // Padded with tabs as Go's tabwriter does: with 8-column tab stops the columns line up.
            assertThat(columnStarts(table.get(0)).subList(0, 3)).isEqualTo(columnStarts(table.get(1)).subList(0, 3));
        }
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLineNamingTheRouteOrContainer() throws Exception {
        String prefix = "json" + Long.toHexString(System.nanoTime());
        String deadRoute = "tcp://127.0.0.1:" + FreePort.tcp() + "?filter.name=" + prefix + "-*";
        Process logspout = start(Map.of("LOG_FORMAT", "json"), deadRoute);
        try {
            TestContainer app = live.docker().run(ContainerSpec.script("echo to-a-dead-route; sleep 600").namePrefix(prefix));
            live.closingLast(app::remove);
            Await.until(WAIT, () -> stderr().contains("\"route\":") && stderr().contains("\"container_id\":") || !logspout.isAlive(),
                    () -> "lines about the route and the container:\n" + stderr());
            List<JsonNode> lines = new ArrayList<>();
            for (String line : stderr().lines().toList()) {
                JsonNode json = JSON.readTree(line);
                assertThat(json.isObject()).as(line).isTrue();
                assertThat(json.path("timestamp").isNumber()).as(line).isTrue();
                assertThat(json.path("level").asText()).as(line).isIn("DEBUG", "INFO", "WARN", "ERROR");
                assertThat(json.path("loggerName").asText()).as(line).isNotEmpty();
                assertThat(json.path("formattedMessage").isTextual()).as(line).isTrue();
                lines.add(json);
            }
            assertThat(lines).anySatisfy(json -> assertThat(json.path("formattedMessage").asText()).startsWith("# logspout-jvm v"));
            assertThat(lines).as("a line about the container names it in fields of its own").anySatisfy(json -> {
                assertThat(json.path("mdc").path("container_id").asText()).isEqualTo(app.shortId());
                assertThat(json.path("mdc").path("container_name").asText()).isEqualTo(app.name());
            });
            assertThat(lines).as("a line about the route names it in a field of its own").anySatisfy(json ->
                    assertThat(json.path("formattedMessage").asText()).startsWith("route " + json.path("mdc").path("route").asText() + ": "));
            assertThat(stdout()).as("the routes table stays on stdout").contains("#   raw+tcp");
        } finally {
            logspout.destroy();
            logspout.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLogbackConfigurationOfTheUsersOwnReplacesTheFormats() throws Exception {
        Path configuration = temp.resolve("mine.xml");
        Files.writeString(configuration, """
                <configuration>
                  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>mine %level %logger %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="E"/></root>
                </configuration>
                """);

        Result result = runToEnd(Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + configuration, "LOG_FORMAT", "json"),
                "nosuch://127.0.0.1:5000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).containsPattern("(?m)^mine ERROR logspout !! .*nosuch");
    }

    @Test
    void anUnknownLogFormatExitsOneNamingTheChoices() throws Exception {
        Result result = runToEnd(Map.of("LOG_FORMAT", "xml"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("!! LOG_FORMAT=xml is not a log format; use text (the default) or json\n");
    }

    @Test
    void withoutRoutesItKeepsRunning() throws Exception {
        Process logspout = start(Map.of());
        try {
            Await.until(WAIT, () -> stderr().contains("# routes  : none") || !logspout.isAlive(), () -> "the banner");
            assertThat(stderr()).contains("# routes  : none");
            assertThat(logspout.isAlive()).as("still running without routes").isTrue();
        } finally {
            logspout.destroy();
            logspout.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void brokenPluginJarsAreNamedAndSkipped() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.writeString(plugins.resolve("truncated.jar"), "not a zip file");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("missing-class.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/io.logspout.api.AdapterFactory"));
            jar.write("com.example.NotThere\n".getBytes(StandardCharsets.UTF_8));
        }
        Process logspout = start(Map.of("LOGSPOUT_PLUGINS", plugins.toString()));
        try {
            Await.until(WAIT, () -> stderr().contains("# routes  : none") || !logspout.isAlive(), () -> "the banner");
            assertThat(logspout.isAlive()).as("still running with broken plugins").isTrue();
            assertThat(stderr()).contains(
                    "truncated.jar is not a readable jar and is skipped",
                    "plugin missing-class.jar: broken AdapterFactory skipped", "com.example.NotThere",
                    "# plugins : missing-class.jar");
        } finally {
            logspout.destroy();
            logspout.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
