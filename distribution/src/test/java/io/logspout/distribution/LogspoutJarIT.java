package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
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
