package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestClients;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * logspout as the README starts it, {@code scripts/run.sh} (the launcher's JVM options, the same
 * as the image's {@code LOGSPOUT_JAVA_OPTS}), with its settings given in the environment only,
 * each checked end to end once: routes from {@code ROUTE_URIS}, {@code EXCLUDE_LABEL},
 * {@code HTTP_PORT}, a container of the {@code local} log driver, {@code ROUTE_QUEUE_FULL=block};
 * and a dead route whose default queue fills up, which must cost neither the heap nor the other route.
 */
class LauncherIT {
    private static final Path RUN_SH = Path.of("..", "scripts", "run.sh");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** {@code /name data}: Docker names start with a slash. */
    private static final String NAMED = "{{.Container.Name}} {{.Data}}\n";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private final String prefix = "ln" + UUID.randomUUID().toString().substring(0, 6);

    /**
     * scripts/run.sh with no arguments and {@code env} over an environment without logspout's
     * settings (the HTTP server on a free loopback port unless {@code env} sets HTTP_PORT); waits
     * for its routes line.
     */
    private Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", RUN_SH.toString())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        for (String setting : List.of("ROUTE_URIS", "PORT", "HTTP_PORT", "LOGSPOUT_JAVA_OPTS", "RAW_FORMAT", "EXCLUDE_LABEL", "EXCLUDE_LABELS")) {
            builder.environment().remove(setting);
        }
        builder.environment().put("HTTP_BIND_ADDRESS", "127.0.0.1");
        if (!env.containsKey("HTTP_PORT")) {
            builder.environment().put("PORT", "0"); // any free port: runs may overlap
        }
        builder.environment().put("DOCKER_HOST", live.docker().dockerHost());
        builder.environment().putAll(env);
        Process logspout = builder.start();
        live.closing(() -> stop(logspout));
        Await.until(WAIT, () -> stderr().contains("# routes") || !logspout.isAlive(), () -> "logspout's banner; its stderr:\n" + stderr());
        assertThat(logspout.isAlive()).as("logspout runs; its stderr:\n%s", stderr()).isTrue();
        assertThat(stderr()).as("the launcher used the jar the build made").doesNotContain("building");
        return logspout;
    }

    private void stop(Process logspout) throws InterruptedException {
        logspout.destroy();
        assertThat(logspout.waitFor(30, TimeUnit.SECONDS)).as("logspout stops on SIGTERM; its stderr:\n%s", stderr()).isTrue();
    }

    private String stderr() {
        try {
            return Files.readString(temp.resolve("stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = live.docker().run(spec.namePrefix(prefix + "-" + UUID.randomUUID().toString().substring(0, 4)));
        live.closingLast(container::remove);
        return container;
    }

    private static JsonNode health(int port) {
        HttpResponse<String> response = TestClients.send(TestClients.request(URI.create("http://127.0.0.1:" + port + "/health")));
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of the HTTP server, from the banner's jobs line. */
    private int httpPort() {
        return Integer.parseInt(stderr().lines().filter(line -> line.contains("# jobs")).findFirst().orElseThrow()
                .replaceAll(".*http\\[[a-z,]+\\]:(\\d+).*", "$1"));
    }

    @Test
    void routesFromRouteUrisSkipExcludeLabelReadTheLocalLogDriverAndListenOnHttpPort() throws Exception {
        TestContainer excluded = run(ContainerSpec.script("echo excluded; sleep 600").label("logspout.exclude", "true"));
        TestContainer jsonFile = run(ContainerSpec.script("echo from-json-file; sleep 600"));
        TestContainer local = run(ContainerSpec.script("echo from-local; sleep 600").logDriver("local"));
        TcpSink sink = live.sink();
        int port = FreePort.tcp();

        Process logspout = launch(Map.of(
                "ROUTE_URIS", "tcp://" + sink.address() + "?filter.name=" + prefix + "-*",
                "RAW_FORMAT", NAMED,
                "EXCLUDE_LABEL", "logspout.exclude",
                "HTTP_PORT", Integer.toString(port)));

        sink.awaitLine(("/" + jsonFile.name() + " from-json-file")::equals, WAIT);
        sink.awaitLine(("/" + local.name() + " from-local")::equals, WAIT);
        assertThat(httpPort()).as("the port of HTTP_PORT").isEqualTo(port);
        Await.until(WAIT, () -> health(port).path("routes").get(0).path("sent").asLong() == 2, () -> "/health to count 2 lines sent: " + health(port));
        stop(logspout);
        // Stopped, logspout has sent all it read: the excluded container's line would be here.
        assertThat(sink.lines()).containsExactlyInAnyOrder("/" + jsonFile.name() + " from-json-file", "/" + local.name() + " from-local");
        assertThat(excluded.isRunning()).isTrue();
    }

    @Test
    void aBlockingRouteLosesNothingWhileItsReceiverStalls() throws Exception {
        int lines = 20_000;
        TcpSink sink = live.closing(TcpSink.start(4096));
        sink.stall();
        // A stall timeout of 1 ms: with ROUTE_QUEUE_FULL=drop the full queue would drop lines at once.
        launch(Map.of(
                "ROUTE_URIS", "tcp://" + sink.address() + "?filter.name=" + prefix + "-*",
                "ROUTE_QUEUE_FULL", "block",
                "ROUTE_QUEUE_SIZE", "100",
                "ROUTE_STALL_TIMEOUT", "1ms"));
        TestContainer app = run(ContainerSpec.script("seq 1 " + lines + " | sed 's/$/ " + "x".repeat(90) + "/'; echo done; sleep 600"));
        // Everything is written (Docker keeps it) while the route's receiver reads nothing: 2 MB, far
        // beyond the queue and the socket buffers.
        Await.until(WAIT, () -> app.logs().stdout().endsWith("done\n"), () -> app + " to finish writing");

        sink.resume();

        sink.awaitLine("done"::equals, WAIT);
        List<String> expected = IntStream.rangeClosed(1, lines).mapToObj(i -> i + " " + "x".repeat(90)).toList();
        assertThat(sink.lines()).as("every line, in order, once").hasSize(lines + 1).startsWith(expected.toArray(String[]::new));
        assertThat(health(httpPort()).path("routes").get(0).path("dropped").asLong()).isZero();
    }

    @Test
    void aDeadRouteWithAFullDefaultQueueCostsNeitherTheHeapNorTheOtherRoute() throws Exception {
        int lines = 150_000; // of 1 000 bytes: more than the default queue holds (16 MB), and than the 128 MB heap
        TcpSink sink = live.sink();
        int dead = FreePort.tcp(); // nothing listens there
        launch(Map.of(
                "ROUTE_URIS", "tcp://127.0.0.1:" + dead + "?filter.name=" + prefix + "-*,tcp://" + sink.address() + "?filter.name=" + prefix + "-*"));
        run(ContainerSpec.script("seq 1 " + lines + " | sed 's/$/ " + "x".repeat(990) + "/'; echo done; sleep 600"));

        sink.awaitLine("done"::equals, Duration.ofMinutes(3));

        assertThat(sink.lines()).as("the live route got every line").hasSize(lines + 1);
        assertThat(stderr()).doesNotContain("OutOfMemoryError");
        JsonNode routes = health(httpPort()).path("routes");
        JsonNode deadRoute = routes.get(0).path("address").asText().endsWith(":" + dead) ? routes.get(0) : routes.get(1);
        // The default queue is bounded (ROUTE_QUEUE_BYTES): the dead route falls behind on the container
        // and will read it again from Docker's log, instead of dropping or holding every line.
        assertThat(deadRoute.path("dropped").asLong()).as("the dead route dropped nothing").isZero();
        assertThat(deadRoute.path("behind").asInt()).as("the dead route is behind on the container").isEqualTo(1);
    }
}
