package io.logspout.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.Logspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real loopback socket, with modules registered as plugins register them; no Docker engine. */
class HttpServerTest {
    @TempDir
    Path temp;

    private final List<Logspout> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Logspout::close);
    }

    private Logspout start(Map<String, String> settings, Class<?>... modules) {
        Map<String, String> config = new HashMap<>(Map.of(
                "DOCKER_HOST", "unix://" + temp.resolve("no-engine.sock"),
                "ROUTESPATH", temp.resolve("no-routes").toString(),
                "HTTP_BIND_ADDRESS", "127.0.0.1",
                "PORT", "0"));
        config.putAll(settings);
        Logspout logspout = Logspout.builder()
                .config(Config.of(config))
                .classLoader(TestModules.withModules(temp.resolve("plugins" + started.size()), modules))
                .build();
        started.add(logspout);
        return logspout.start();
    }

    private Logspout start(Class<?>... modules) {
        return start(Map.of(), modules);
    }

    private static HttpServer server(Logspout logspout) {
        return logspout.service(HttpServer.class).orElseThrow();
    }

    private static URI uri(Logspout logspout, String path) {
        return URI.create("http://127.0.0.1:" + server(logspout).address().getPort() + path);
    }

    private static String health(Logspout logspout) {
        return send(TestClients.request(uri(logspout, "/health"))).body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return TestClients.send(request);
    }

    @Test
    void withoutModulesItDoesNotListen() {
        Logspout logspout = start();

        assertThat(server(logspout).address()).isNull();
        assertThat(server(logspout).name()).isEmpty();
    }

    @Test
    void servesEachModulesPathsAndWhatIsUnderThemAndAddsHealth() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        assertThat(server(logspout).name()).isEqualTo("http[echo,health]:" + server(logspout).address().getPort());
        HttpResponse<String> echo = send(TestClients.request(uri(logspout, "/echo")));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("GET /echo 0");
        assertThat(echo.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(send(TestClients.request(uri(logspout, "/echo/a/b?x=1")).POST(HttpRequest.BodyPublishers.ofString("12345"))).body())
                .isEqualTo("POST /echo/a/b?x=1 5");
        assertThat(send(TestClients.request(uri(logspout, "/health")).method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode())
                .as("/health answers any method").isIn(200, 503);
    }

    @Test
    void aModuleThatServesNoPathOnceSetUpIsLeftOutOfTheBanner() throws Exception {
        Logspout logspout = start(TestModules.Echo.class, TestModules.Off.class);

        assertThat(server(logspout).name()).isEqualTo("http[echo,health]:" + server(logspout).address().getPort());
        assertThat(send(TestClients.request(uri(logspout, "/off"))).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathsGetGosNotFound() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        for (String path : List.of("/", "/nosuch", "/echoes", "/ech", "/health/", "/health/x")) {
            HttpResponse<String> response = send(TestClients.request(uri(logspout, path)));
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("404 page not found\n");
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
    }

    @Test
    void aModuleAtTheRootGetsTheRootPageAloneAndTheOtherModulesKeepTheirPaths() throws Exception {
        Logspout logspout = start(TestModules.Root.class, TestModules.Echo.class);

        assertThat(send(HttpRequest.newBuilder(uri(logspout, "/?x=1"))).body()).isEqualTo("root /?x=1");
        assertThat(send(HttpRequest.newBuilder(uri(logspout, "/echo"))).body()).isEqualTo("GET /echo 0");
        assertThat(send(HttpRequest.newBuilder(uri(logspout, "/health"))).statusCode()).isEqualTo(503);
        assertThat(send(HttpRequest.newBuilder(uri(logspout, "/nosuch"))).statusCode()).isEqualTo(404);
    }

    @Test
    void healthSaysItIsStartingUntilTheEngineAnswersAndWhyWhenItsTriesFail() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        HttpResponse<String> first = send(TestClients.request(uri(logspout, "/health")));

        assertThat(first.statusCode()).as("a readiness probe does not pass before the engine answered").isEqualTo(503);
        assertThat(first.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(first.body()).startsWith("""
                {
                  "status": "Starting",
                  "reasons": [
                    "starting: the Docker engine at unix://""")
                .contains("\"docker\": \"starting\"").doesNotContain("unreachable");
        Await.until(Duration.ofSeconds(30), () -> health(logspout).contains("its first tries failed"), () -> "the failed tries named in /health");
        HttpResponse<String> failing = send(HttpRequest.newBuilder(uri(logspout, "/health")));
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).contains("\"status\": \"Starting\"", "no-engine.sock", "\"docker\": \"starting\"", "\"routes\": []");
    }

    @Test
    void healthCheckDockerJudgesTheEngineAloneAndAnUnknownCheckIsABadRequest() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        HttpResponse<String> engineOnly = send(TestClients.request(uri(logspout, "/health?check=docker")));
        HttpResponse<String> unknown = send(TestClients.request(uri(logspout, "/health?check=routes")));

        assertThat(engineOnly.statusCode()).as("the engine has not answered").isEqualTo(503);
        assertThat(engineOnly.body()).contains("\"starting: the Docker engine at unix://", "has not answered yet");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("Bad request: check=routes is not a check; /health?check=docker judges the Docker engine alone,"
                + " /health the engine and every route\n");
    }

    @Test
    void headGetsTheStatusAndNoBody() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        HttpResponse<String> head = send(TestClients.request(uri(logspout, "/health")).HEAD());

        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aPluginCannotReplaceTheCoresHealth() throws Exception {
        Logspout logspout = start(TestModules.OtherHealth.class);

        assertThat(server(logspout).name()).isEqualTo("http[health]:" + server(logspout).address().getPort());
        assertThat(send(TestClients.request(uri(logspout, "/health"))).body()).contains("\"status\"");
    }

    @Test
    void bodiesBeyondTheLimitGet413WithTheLimit() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);
        byte[] limit = new byte[HttpServer.MAX_REQUEST_BYTES];

        HttpResponse<String> atLimit = send(TestClients.request(uri(logspout, "/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(limit)));
        HttpResponse<String> beyond = send(TestClients.request(uri(logspout, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[HttpServer.MAX_REQUEST_BYTES + 1])));

        assertThat(atLimit.body()).isEqualTo("POST /echo " + HttpServer.MAX_REQUEST_BYTES);
        assertThat(beyond.statusCode()).isEqualTo(413);
        assertThat(beyond.body()).isEqualTo("413 request too large: the body may have at most 1048576 bytes\n");
    }

    @Test
    void aModuleThatFailsGets500AndTheConnectionClosed() throws Exception {
        Logspout logspout = start(TestModules.Broken.class);

        try (Socket socket = connect(logspout)) {
            write(socket, "GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
            Response response = Response.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("500 internal server error\n");
            assertThat(socket.getInputStream().read()).as("closed").isEqualTo(-1);
        }
    }

    @Test
    void keepsTheConnectionOpenUntilTheClientClosesIt() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        try (Socket socket = connect(logspout)) {
            write(socket, "GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("GET /echo/1 0");
            write(socket, "GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(Response.read(socket.getInputStream()).status()).isEqualTo(404);
            // Pipelined: both answered, in order.
            write(socket, "GET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab");
            assertThat(Response.read(socket.getInputStream()).body()).isEqualTo("GET /echo/2 0");
            Response last = Response.read(socket.getInputStream());
            assertThat(last.body()).isEqualTo("POST /echo/3 2");
            assertThat(last.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).as("closed after Connection: close").isEqualTo(-1);
        }
    }

    @Test
    void aMalformedRequestGets400AndTheConnectionClosed() throws Exception {
        Logspout logspout = start(TestModules.Echo.class);

        try (Socket socket = connect(logspout)) {
            write(socket, "GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
            Response response = Response.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("400 bad request: ");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closesConnectionsThatSendNoWholeRequestWithinTheIdleTimeout() throws Exception {
        Logspout logspout = start(Map.of("HTTP_IDLE_TIMEOUT", "200ms"), TestModules.Echo.class);

        try (Socket silent = connect(logspout); Socket halfHead = connect(logspout); Socket keptAlive = connect(logspout)) {
            write(halfHead, "GET /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            write(keptAlive, "GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(Response.read(keptAlive.getInputStream()).body()).isEqualTo("GET /echo/1 0");

            // The server ends each: read() sees the end of the stream (the socket's read timeout is a minute).
            assertThat(silent.getInputStream().read()).as("a connection that sends nothing").isEqualTo(-1);
            assertThat(halfHead.getInputStream().read()).as("a connection that sent half a request head").isEqualTo(-1);
            assertThat(keptAlive.getInputStream().read()).as("a kept-alive connection after its response").isEqualTo(-1);
        }
    }

    @Test
    void beyondTheConnectionCapANewConnectionGets503AndIsClosedUntilOneCloses() throws Exception {
        Logspout logspout = start(Map.of("HTTP_MAX_CONNECTIONS", "3"), TestModules.Echo.class);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = connect(logspout);
                open.add(socket);
                write(socket, "GET /echo/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(Response.read(socket.getInputStream()).status()).isEqualTo(200);
            }

            try (Socket refused = connect(logspout)) {
                Response response = Response.read(refused.getInputStream());
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.body()).isEqualTo("503 service unavailable: the server holds its limit of 3 connections (HTTP_MAX_CONNECTIONS)\n");
                assertThat(refused.getInputStream().read()).as("closed").isEqualTo(-1);
            }

            open.removeFirst().close();
            // The server counts the close when it sees it: until then a new connection is still refused.
            Await.until(Duration.ofSeconds(30), () -> statusOnANewConnection(logspout) == 200, () -> "a connection served once one of the three closed");
            for (Socket socket : open) {
                write(socket, "GET /echo/still HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(Response.read(socket.getInputStream()).body()).as("the connections within the cap are served").isEqualTo("GET /echo/still 0");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aPortInUseEndsStartupNamingTheSettings() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(Map.of("PORT", String.valueOf(taken.getLocalPort())), TestModules.Echo.class))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("the HTTP server cannot listen on HTTP_BIND_ADDRESS=127.0.0.1 PORT=" + taken.getLocalPort() + ": ")
                    .hasMessageContaining("Address already in use");
        }
        assertThatThrownBy(() -> start(Map.of("HTTP_BIND_ADDRESS", "no.such.host.invalid"), TestModules.Echo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the HTTP server cannot listen on HTTP_BIND_ADDRESS=no.such.host.invalid PORT=0: ");
    }

    private static Socket connect(Logspout logspout) throws IOException {
        return TestClients.connect(server(logspout).address());
    }

    private static int statusOnANewConnection(Logspout logspout) {
        try (Socket socket = connect(logspout)) {
            write(socket, "GET /echo/again HTTP/1.1\r\nHost: x\r\n\r\n");
            return Response.read(socket.getInputStream()).status();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One HTTP/1.1 response with a Content-Length, read off a socket. */
    private record Response(int status, Map<String, String> headers, String body) {
        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed in the middle of a response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
