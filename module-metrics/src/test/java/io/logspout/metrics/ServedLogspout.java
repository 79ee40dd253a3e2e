package io.logspout.metrics;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.TestClients;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** An embedded logspout with its HTTP server on a free loopback port, and a JDK HTTP client for it. */
final class ServedLogspout implements AutoCloseable {
    final Logspout logspout;
    private final int port;

    private ServedLogspout(Logspout logspout) {
        this.logspout = logspout;
        this.port = logspout.service(HttpServer.class).orElseThrow().address().getPort();
    }

    /** Starts logspout with {@code settings} over the process environment (DOCKER_HOST of the test engine). */
    static ServedLogspout start(String routes, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"));
        all.putAll(settings);
        return new ServedLogspout(Logspout.builder()
                .config(Config.environment().withOverrides(all))
                .routes(routes)
                .build()
                .start());
    }

    int port() {
        return port;
    }

    /** The id of the route whose address is {@code address}. */
    String routeTo(String address) {
        return logspout.routes().all().stream().filter(route -> route.address().equals(address)).findFirst().orElseThrow().id();
    }

    HttpRequest.Builder request(String path) {
        return TestClients.request(port, path);
    }

    HttpResponse<String> get(String path) {
        return TestClients.send(request(path));
    }

    /** {@code GET /metrics} in the Prometheus text format, read. */
    Scrape scrape() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return Scrape.parse(response.body());
    }

    @Override
    public void close() {
        logspout.close();
    }
}
