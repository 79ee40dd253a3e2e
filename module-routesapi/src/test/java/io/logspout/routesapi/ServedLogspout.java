package io.logspout.routesapi;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.TestHttp;
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

    HttpRequest.Builder request(String path) {
        return TestHttp.request(port, path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(request);
    }

    HttpResponse<String> get(String path) {
        return send(request(path));
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    @Override
    public void close() {
        logspout.close();
    }
}
