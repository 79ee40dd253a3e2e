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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerJavaHttpClient}: its request heads and bodies, and docker-java on it against a scripted engine on a real Unix socket. */
class DockerJavaHttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void writesTheRequestLineHostTheRequestsHeadersAndConnectionClose() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("X-Registry-Auth", "e30=");

        assertThat(text(DockerJavaHttpClient.head("GET", "/v1.41/events?filters=%7B%7D", "localhost", headers, false)))
                .isEqualTo("GET /v1.41/events?filters=%7B%7D HTTP/1.1\r\nHost: localhost\r\naccept: application/json\r\n"
                        + "X-Registry-Auth: e30=\r\nConnection: close\r\n\r\n");
        assertThat(text(DockerJavaHttpClient.head("POST", "/containers/create", "docker:2376", Map.of(), true)))
                .isEqualTo("POST /containers/create HTTP/1.1\r\nHost: docker:2376\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
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
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"))) {
            DockerClient docker = docker(engine);
            Thread.ofVirtual().start(() -> engine.answer("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 39\r\n\r\n"
                    + "{\"message\":\"No such container: c0ffee\"}"));

            assertThatThrownBy(() -> docker.inspectContainerCmd("c0ffee").exec())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("No such container: c0ffee");
            assertThat(engine.requests.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .startsWith("GET /containers/c0ffee/json HTTP/1.1\r\nHost: localhost\r\n")
                    .contains("\r\naccept: application/json\r\n")
                    .endsWith("Connection: close\r\n\r\n");
        }
    }

    @Test
    void keepsTheHeadersOfTheAnswer() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"))) {
            Thread.ofVirtual().start(() -> engine.answer("HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nContent-Length: 2\r\nwarning: one\r\n"
                    + "Warning: two\r\n\r\nOK"));
            DockerJavaHttpClient client = new DockerJavaHttpClient(URI.create("unix://" + engine.socket), null);

            try (DockerHttpClient.Response response = client.execute(DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET)
                    .path("/_ping")
                    .build())) {
                assertThat(response.getStatusCode()).isEqualTo(200);
                assertThat(response.getHeader("API-Version")).isEqualTo("1.47");
                assertThat(response.getHeaders().get("Warning")).isEqualTo(List.of("one", "two"));
                assertThat(response.getBody().readAllBytes()).isEqualTo("OK".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void deliversEachEventAsItArrivesAndClosingTheCallbackEndsTheStream() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(dir.resolve("docker.sock"))) {
            DockerClient docker = docker(engine);
            Thread server = Thread.ofVirtual().start(() -> engine.answerThenWaitForClose(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunk("{\"Type\":\"container\",\"Action\":\"start\",\"id\":\"c0ffee\",\"timeNano\":1}\n")));
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

            server.join(TIMEOUT);
            assertThat(server.isAlive()).as("the engine saw the connection closed").isFalse();
        }
    }

    private static DockerClient docker(ScriptedEngine engine) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + engine.socket).build();
        return DockerClientImpl.getInstance(config, new DockerJavaHttpClient(config.getDockerHost(), null));
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A Unix socket that takes one connection per {@code answer}, records the request head and writes a canned answer. */
    private static final class ScriptedEngine implements AutoCloseable {
        final Path socket;
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final ServerSocketChannel server;

        ScriptedEngine(Path socket) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        }

        /** Answers one request and closes the connection. */
        void answer(String answer) {
            try (SocketChannel connection = server.accept()) {
                requests.add(DockerLogClientTest.readHead(connection));
                connection.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Answers one request, then keeps the connection open until the client closes it. */
        void answerThenWaitForClose(String answer) {
            try (SocketChannel connection = server.accept()) {
                requests.add(DockerLogClientTest.readHead(connection));
                connection.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                while (connection.read(ByteBuffer.allocate(64)) >= 0) {
                    // nothing more comes from a client that sent its request
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
