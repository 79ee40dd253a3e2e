package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server of the runnable jar, as users run it: /health, and routes created over the
 * routes API that survive a restart of the process through the files in ROUTESPATH.
 */
class HttpApiJarIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private final String prefix = "jarapi" + UUID.randomUUID().toString().substring(0, 6);

    /** A logspout process and the port its banner says it serves HTTP on. */
    private record Running(Process process, Path stderr, Path stdout, List<String> modules, int port) implements AutoCloseable {
        HttpResponse<String> send(HttpRequest.Builder request) {
            return TestClients.send(request);
        }

        HttpRequest.Builder request(String path) {
            return TestClients.request(URI.create("http://127.0.0.1:" + port + path));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    private Running start(String run, Path routes) throws IOException {
        Path directory = Files.createDirectories(temp.resolve(run));
        Path stderr = directory.resolve("stderr");
        Path stdout = directory.resolve("stdout");
        Process process = LogspoutProcess.start(directory, Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "ROUTESPATH", routes.toString()));
        Matcher[] banner = new Matcher[1];
        Await.until(WAIT, () -> {
            banner[0] = LogspoutProcess.HTTP_JOB.matcher(read(stderr));
            return banner[0].find() || !process.isAlive();
        }, () -> "the jobs line with the HTTP server in " + read(stderr));
        assertThat(process.isAlive()).as(read(stderr)).isTrue();
        return new Running(process, stderr, stdout, List.of(banner[0].group(1).split(",")), Integer.parseInt(banner[0].group(2)));
    }

    private static String read(Path file) {
        return LogspoutProcess.output(file.getParent(), file.getFileName().toString());
    }

    @Test
    void theJarServesTheLogViewWithItsFiles() throws Exception {
        try (Running running = start("ui", temp.resolve("no-routes"))) {
            assertThat(running.modules()).contains("logs", "routes", "ui", "health");
            for (String path : List.of("/", "/ui/app.js", "/ui/app.css", "/ui/favicon.svg")) {
                HttpResponse<String> answer = running.send(running.request(path));
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
                assertThat(answer.body()).as(path).isNotBlank();
            }
            assertThat(running.send(running.request("/")).body()).contains("<script src=\"/ui/app.js\"", "data-max-lines=\"10000\"");
        }
    }

    @Test
    void routesCreatedOverHttpRouteAndComeBackAfterARestart() throws Exception {
        Path routes = Files.createDirectory(temp.resolve("routes"));
        try (TcpSink sink = TcpSink.start()) {
            String route = "{\"id\": \"kept\", \"adapter\": \"tcp\", \"address\": \"" + sink.address() + "\", \"filter_name\": \"" + prefix + "-*\"}";
            try (Running first = start("first", routes)) {
                assertThat(first.modules()).contains("routes", "health");
                assertThat(read(first.stderr())).contains("persist:" + routes);
                Await.until(WAIT, () -> first.send(first.request("/health").HEAD()).statusCode() == 200, () -> "/health 200");

                HttpResponse<String> created = first.send(first.request("/routes").POST(HttpRequest.BodyPublishers.ofString(route)));

                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                live.docker().run(ContainerSpec.script("echo first-run; sleep 600").namePrefix(prefix));
                sink.awaitLine("first-run"::equals, WAIT);
            }
            assertThat(routes.resolve("kept.json")).exists();

            try (Running second = start("second", routes)) {
                HttpResponse<String> kept = second.send(second.request("/routes/kept"));

                assertThat(kept.statusCode()).isEqualTo(200);
                assertThat(kept.body()).contains("\"adapter\": \"raw+tcp\"", sink.address());
                Await.until(WAIT, () -> read(second.stdout()).contains(sink.address()), () -> "the routes table with the stored route");
                live.docker().run(ContainerSpec.script("echo second-run; sleep 600").namePrefix(prefix));
                sink.awaitLine("second-run"::equals, WAIT);

                assertThat(second.send(second.request("/routes/kept").DELETE()).statusCode()).isEqualTo(200);
                assertThat(routes.resolve("kept.json")).doesNotExist();
            }
        }
    }
}
