package io.logspout.core;

import io.logspout.api.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The training run of the JVM's ahead-of-time cache (JDK 25+, JEP 483, 514 and 515), which
 * distribution/Dockerfile makes when it builds the image:
 * {@code java -XX:AOTCacheOutput=logspout.aot -cp logspout.jar io.logspout.core.AotTraining}.
 * It starts logspout as the command does (settings, logging, plugins, routes, the HTTP server),
 * asks the HTTP server what a probe asks, and stops: the cache then holds those classes loaded,
 * linked and profiled, and a logspout started with {@code -XX:AOTCache=logspout.aot} skips that
 * work. It needs no Docker engine and sends nothing anywhere: the pump looks for an engine where
 * there is none, and the routes are UDP to the discard port of the loopback address.
 */
public final class AotTraining {
    private static final int TIMEOUT_MILLIS = 10_000;

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Config config = Config.of(Map.of(
                "DOCKER_HOST", "unix:///nonexistent/docker.sock",
                "HTTP_BIND_ADDRESS", "127.0.0.1",
                "PORT", "0"));
        Logger log = Main.logger(config);
        try (Logspout logspout = Main.start(log, Logspout.builder().config(config)
                .routes("syslog+udp://127.0.0.1:9,raw+udp://127.0.0.1:9"))) {
            InetSocketAddress http = logspout.http().address();
            // A custom build may have no HTTP module, and then no HTTP server.
            for (String path : http == null ? List.<String>of() : List.of("/health", "/health?check=docker", "/routes")) {
                HttpURLConnection request = (HttpURLConnection) URI.create("http://127.0.0.1:" + http.getPort() + path).toURL().openConnection();
                request.setConnectTimeout(TIMEOUT_MILLIS);
                request.setReadTimeout(TIMEOUT_MILLIS);
                int status = request.getResponseCode();
                try (InputStream body = status < 400 ? request.getInputStream() : request.getErrorStream()) {
                    log.info("AOT training: GET {} answered {} ({} bytes)", path, status, body == null ? 0 : body.readAllBytes().length);
                }
            }
        }
    }
}
