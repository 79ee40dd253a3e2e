package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.logspout.testsupport.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerJavaHttpClient}: its request heads and bodies, and docker-java on it against a scripted engine on a real Unix socket. */
class DockerJavaHttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void writesTheRequestLineHostAndTheRequestsHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("X-Registry-Auth", "e30=");

        assertThat(text(DockerJavaHttpClient.head("GET", "/v1.41/events?filters=%7B%7D", "localhost", headers, false)))
                .isEqualTo("GET /v1.41/events?filters=%7B%7D HTTP/1.1\r\nHost: localhost\r\naccept: application/json\r\n"
                        + "X-Registry-Auth: e30=\r\n\r\n");
        assertThat(text(DockerJavaHttpClient.head("POST", "/containers/create", "docker:2376", Map.of(), true)))
                .isEqualTo("POST /containers/create HTTP/1.1\r\nHost: docker:2376\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void refusesWhatWouldBreakTheRequestHead() {
        assertThatThrownBy(() -> DockerJavaHttpClient.head("GET", "/info", "localhost", Map.of("X-Evil", "a\r\nHost: elsewhere"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Evil");
        assertThatThrownBy(() -> DockerJavaHttpClient.head("GET", "/containers/a b/json", "localhost", Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/containers/a b/json'");
        assertThatThrownBy(() -> DockerJavaHttpClient.head("GET", "/info", "localhost", Map.of("Bad:Name", "x"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header name");
    }

    @Test
    void sendsABodyChunkedAsItIsRead() throws IOException {
        byte[] head = DockerJavaHttpClient.head("POST", "/build", "localhost", Map.of(), true);
        byte[] body = new byte[8192 + 3];
        body[0] = 'a';
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        DockerJavaHttpClient.send(head, new ByteArrayInputStream(body), wire);

        String sent = new String(wire.toByteArray(), StandardCharsets.ISO_8859_1);
        String bodyText = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(sent).isEqualTo(text(head) + "2000\r\n" + bodyText.substring(0, 8192) + "\r\n3\r\n" + bodyText.substring(8192) + "\r\n0\r\n\r\n");
    }

    @Test
    void refusesHijackedConnections() {
        DockerJavaHttpClient client = new DockerJavaHttpClient(URI.create("unix://" + dir.resolve("docker.sock")), null);

        assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/containers/c0ffee/attach?stdin=1")
                .hijackedInput(new ByteArrayInputStream(new byte[0]))
                .build()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not hijack connections")
                .hasMessageContaining("POST /containers/c0ffee/attach?stdin=1");
    }

    @Test
    void namesTheRequestWhenTheEngineCannotBeReached() {
        DockerJavaHttpClient client = new DockerJavaHttpClient(URI.create("unix://" + dir.resolve("nothing-here.sock")), null);

        assertThatThrownBy(() -> client.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/info")
                .build()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("GET /info: ");
    }

    @Test
    void givesDockerJavaTheStatusHeadersAndBodyOfAnError() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 39\r\n\r\n{\"message\":\"No such container: c0ffee\"}")) {
            DockerClient docker = docker(engine);

            assertThatThrownBy(() -> docker.inspectContainerCmd("c0ffee").exec())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("No such container: c0ffee");
            assertThat(engine.requests.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .startsWith("GET /containers/c0ffee/json HTTP/1.1\r\nHost: localhost\r\n")
                    .contains("\r\naccept: application/json\r\n");
        }
    }

    @Test
    void keepsTheHeadersOfTheAnswer() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nContent-Length: 2\r\nwarning: one\r\nWarning: two\r\n\r\nOK")) {
            try (DockerHttpClient.Response response = client(engine).execute(get("/_ping"))) {
                assertThat(response.getStatusCode()).isEqualTo(200);
                assertThat(response.getHeader("API-Version")).isEqualTo("1.47");
                assertThat(response.getHeaders().get("Warning")).isEqualTo(List.of("one", "two"));
                assertThat(response.getBody().readAllBytes()).isEqualTo("OK".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void sendsTheNextRequestOnTheConnectionOfAnAnswerReadToItsEnd() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree")) {
            DockerJavaHttpClient client = client(engine);

            assertThat(bodyOf(client, "/one")).isEqualTo("one");
            try (InputStream body = client.execute(get("/two")).getBody()) { // its body alone closed, as docker-java does with some answers
                assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("two");
            }
            assertThat(bodyOf(client, "/three")).isEqualTo("three");

            assertThat(engine.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void sendsAGetAgainOnANewConnectionWhenTheEngineClosedTheKeptOne() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none" + ScriptedEngine.THEN_CLOSE,
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo")) {
            DockerJavaHttpClient client = client(engine);
            assertThat(bodyOf(client, "/one")).isEqualTo("one");
            Await.until(TIMEOUT, () -> engine.closed.get() == 1, () -> "the engine to close the first connection");

            assertThat(bodyOf(client, "/two")).isEqualTo("two");
            assertThat(engine.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void closesTheConnectionOfAnAnswerNotReadToItsEndOrThatSaysConnectionClose() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nunread",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\ntwo",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree")) {
            DockerJavaHttpClient client = client(engine);

            client.execute(get("/one")).close();
            Await.until(TIMEOUT, () -> engine.closed.get() == 1, () -> "the client to close the connection of the unread answer");
            assertThat(bodyOf(client, "/two")).isEqualTo("two");
            assertThat(bodyOf(client, "/three")).isEqualTo("three");

            assertThat(engine.connections.get()).isEqualTo(3);
        }
    }

    @Test
    void deliversEachEventAsItArrivesAndClosingTheCallbackEndsTheStream() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"),
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunk("{\"Type\":\"container\",\"Action\":\"start\",\"id\":\"c0ffee\",\"timeNano\":1}\n"))) {
            DockerClient docker = docker(engine);
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Event event) {
                    events.add(event);
                }
            };

            docker.eventsCmd().withSince("0").exec(callback);

            Event event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("the event, while the stream stays open").isNotNull();
            assertThat(event.getAction()).isEqualTo("start");
            assertThat(event.getId()).isEqualTo("c0ffee");
            assertThat(engine.requests.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("GET /events?since=0 HTTP/1.1\r\n");

            callback.close();

            Await.until(TIMEOUT, () -> engine.closed.get() == 1, () -> "the engine to see the events' connection closed");
        }
    }

    private static DockerJavaHttpClient client(ScriptedEngine engine) {
        return new DockerJavaHttpClient(URI.create("unix://" + engine.socket), null);
    }

    private static DockerClient docker(ScriptedEngine engine) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + engine.socket).build();
        return DockerClientImpl.getInstance(config, new DockerJavaHttpClient(config.getDockerHost(), null));
    }

    private static DockerHttpClient.Request get(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    private static String bodyOf(DockerJavaHttpClient client, String path) throws IOException {
        try (DockerHttpClient.Response response = client.execute(get(path))) {
            return new String(response.getBody().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * A Unix socket that answers each request, on whichever connection it comes, with the next of
     * its answers; a connection ends when the client closes it, after an answer that ends with
     * {@link #THEN_CLOSE} or one that says {@code Connection: close}.
     */
    private static final class ScriptedEngine implements AutoCloseable {
        static final String THEN_CLOSE = "<then the engine closes the connection>";
        final Path socket;
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        final AtomicInteger connections = new AtomicInteger();
        /** Connections ended, by either side. */
        final AtomicInteger closed = new AtomicInteger();
        private final BlockingQueue<String> answers;
        private final ServerSocketChannel server;

        ScriptedEngine(Path socket, String... answers) throws IOException {
            this.socket = socket;
            this.answers = new LinkedBlockingQueue<>(List.of(answers));
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(this::accept);
        }

        private void accept() {
            try {
                while (true) {
                    SocketChannel connection = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                }
            } catch (IOException e) {
                // close(): the socket is closed
            }
        }

        private void serve(SocketChannel connection) {
            try (connection) {
                while (true) {
                    String head = DockerLogClientTest.readHead(connection);
                    if (!head.endsWith("\r\n\r\n")) {
                        return;
                    }
                    String answer = answers.poll();
                    if (answer == null) {
                        return;
                    }
                    requests.add(head);
                    connection.write(ByteBuffer.wrap(answer.replace(THEN_CLOSE, "").getBytes(StandardCharsets.UTF_8)));
                    if (answer.endsWith(THEN_CLOSE) || answer.contains("Connection: close")) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                closed.incrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
