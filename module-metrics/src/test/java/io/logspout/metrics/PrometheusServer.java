package io.logspout.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on loopback that scrapes one
 * target every 500 ms, and its HTTP API: the independent reader of what {@code /metrics} exposes.
 */
final class PrometheusServer implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of("/usr/bin/prometheus");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus in {@code directory}, scraping {@code target} ({@code host:port}) as job {@code logspout}. */
    static PrometheusServer start(Path directory, String target) throws IOException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError(EXECUTABLE + " is missing: apt-get install prometheus (scripts/test.sh installs it)");
        }
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 500ms
                  scrape_timeout: 400ms
                scrape_configs:
                  - job_name: logspout
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        int port = FreePort.tcp();
        Path log = directory.resolve("prometheus.log");
        Process process = new ProcessBuilder(EXECUTABLE.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        try {
            Await.until(START_TIMEOUT, server::ready, () -> "Prometheus ready on port " + port + "; its log:\n" + server.log());
        } catch (AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            return TestClients.send(TestClients.request(port, "/-/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    /** {@code GET /api/v1/<path>}'s {@code data}, after checking its {@code status}. */
    JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = TestClients.send(TestClients.request(port, "/api/v1/" + pathAndQuery));
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
                throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": " + response.body());
            }
            return answer.path("data");
        } catch (IOException e) {
            throw new AssertionError("Prometheus answered " + pathAndQuery + " with no JSON: " + response.body(), e);
        }
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** The value of a query that gives one sample, or null when it gives none (yet). */
    Double single(String promql) {
        JsonNode result = query(promql);
        if (result.size() > 1) {
            throw new AssertionError(promql + " gave " + result.size() + " samples: " + result);
        }
        return result.isEmpty() ? null : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
