package io.logspout.core.testing;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.TestClients;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * An embedded logspout with its HTTP server on a free loopback port, and a JDK HTTP client for it:
 * the integration tests of the HTTP modules drive it as users do. Shipped to them in
 * logspout-core's test jar, which holds this package only.
 */
public final class ServedLogspout implements AutoCloseable {
    public final Logspout logspout;
    private final int port;

    private ServedLogspout(Logspout logspout) {
        this.logspout = logspout;
        this.port = logspout.service(HttpServer.class).orElseThrow().address().getPort();
    }

    /** Starts logspout with {@code settings} over the process environment (DOCKER_HOST of the test engine). */
    public static ServedLogspout start(String routes, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"));
        all.putAll(settings);
        return new ServedLogspout(Logspout.builder()
                .config(Config.environment().withOverrides(all))
                .routes(routes)
                .build()
                .start());
    }

    public int port() {
        return port;
    }

    /** The id of the route whose address is {@code address}. */
    public String routeTo(String address) {
        return logspout.routes().all().stream().filter(route -> route.address().equals(address)).findFirst().orElseThrow().id();
    }

    public HttpRequest.Builder request(String path) {
        return TestClients.request(port, path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return TestClients.send(request);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path));
    }

    public HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    @Override
    public void close() {
        logspout.close();
    }
}
