package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestClients;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /logs end to end: a real logspout (pump, router, HTTP server) on the test engine, real containers, real
 * HTTP and WebSocket clients over loopback. Streams carry new lines only, so each test opens its
 * stream first and then makes its containers write, either by starting them or with
 * {@code docker exec ... > /proc/1/fd/1}. Container names start with a prefix of the test, and
 * assertions look at those containers' lines only.
 */
class HttpStreamIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RESET = "\u001b[0m";
    private static final String CLASS_PREFIX = "hs" + UUID.randomUUID().toString().substring(0, 6);

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private static TcpSink routeSink;
    private static Logspout logspout;
    private static HttpStreamModule module;
    private static URI server;

    private final String prefix = CLASS_PREFIX + UUID.randomUUID().toString().substring(0, 4);

    @BeforeAll
    static void start() {
        routeSink = TcpSink.start();
        // The HTTP server on a free loopback port, with a short idle timeout (which streams are
        // exempt from); a TCP route for the slow client test.
        Config config = Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0", "HTTP_IDLE_TIMEOUT", "1s"));
        logspout = Logspout.builder().config(config).routes("tcp://" + routeSink.address() + "?filter.name=" + CLASS_PREFIX + "*-slow-*").build().start();
        server = URI.create("http://127.0.0.1:" + logspout.service(HttpServer.class).orElseThrow().address().getPort());
        module = (HttpStreamModule) logspout.plugins().httpModules().get("logs");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {logspout, routeSink}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private URI uri(String pathAndQuery) {
        return server.resolve(pathAndQuery);
    }

    private LiveStream stream(String pathAndQuery, String... headers) {
        LiveStream stream = LiveStream.open(uri(pathAndQuery), headers);
        live.closing(stream);
        return stream;
    }

    /** A container named {@code <prefix>-<part>-<random>} that runs {@code script}. */
    private TestContainer run(String part, String script) {
        TestContainer container = live.docker().run(ContainerSpec.script(script).namePrefix(prefix + "-" + part));
        live.closingLast(container::remove);
        return container;
    }

    /** A running container that writes only when {@link #say} tells it to. */
    private TestContainer idle(String part) {
        return run(part, "sleep 600");
    }

    /** Writes {@code line} to the container's stdout (or stderr) log, through its process 1. */
    private static void say(TestContainer container, String line, int fd) {
        container.exec("echo '" + line + "' > /proc/1/fd/" + fd);
    }

    /** Waits until the router has attached {@code container}, so id filters can find it. */
    private static void awaitAttached(TestContainer container) {
        Await.until(WAIT, () -> logspout.router().containers().stream().anyMatch(c -> c.id().equals(container.id())),
                () -> container + " to be attached");
    }

    private static String column(String name, int width) {
        return " ".repeat(Math.max(0, width - name.length())) + name;
    }

    @Test
    void allContainersWithColorsHaveARightAlignedNameColumnThatGrowsAndAColorPerName() {
        LiveStream stream = stream("/logs");
        TestContainer shortName = run("s", "echo short-first; sleep 600");
        stream.awaitLine(line -> line.endsWith("|short-first" + RESET), WAIT);
        TestContainer longName = run("a-much-longer-part", "echo long-line; sleep 600");
        stream.awaitLine(line -> line.endsWith("|long-line" + RESET), WAIT);
        say(shortName, "short-again", 1);
        stream.awaitLine(line -> line.endsWith("|short-again" + RESET), WAIT);

        List<String> lines = stream.lines();
        assertThat(lineOf(lines, "short-first")).isEqualTo(expected(lines, lineOf(lines, "short-first"), true));
        assertThat(lineOf(lines, "long-line")).isEqualTo(expected(lines, lineOf(lines, "long-line"), true));
        assertThat(lineOf(lines, "short-again")).isEqualTo(expected(lines, lineOf(lines, "short-again"), true))
                .contains(" ".repeat(longName.name().length() - shortName.name().length()) + shortName.name() + "|");
        assertThat(stream.response().headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(stream.response().headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void colorsOffGivesThePlainColumn() {
        LiveStream stream = stream("/logs?colors=off");
        TestContainer app = run("plain", "echo no-colors; sleep 600");

        String line = stream.awaitLine(candidate -> candidate.endsWith(app.name() + "|no-colors"), WAIT);
        assertThat(line).isEqualTo(expected(stream.lines(), line, false));
    }

    /** The line whose data is {@code data}. */
    private static String lineOf(List<String> lines, String data) {
        return lines.stream().filter(line -> line.endsWith("|" + data + RESET)).findFirst().orElseThrow();
    }

    /**
     * What logspout's rule makes of {@code line}, given the lines before it on the connection
     * (other containers of the engine may have written some): the colour of its name's first
     * appearance, and a column as wide as the longest name so far, at least 16.
     */
    private static String expected(List<String> lines, String line, boolean colors) {
        List<String> names = new ArrayList<>();
        int width = 16;
        String name = "";
        for (String seen : lines.subList(0, lines.indexOf(line) + 1)) {
            int start = colors ? seen.indexOf('m') + 1 : 0;
            name = seen.substring(start, seen.indexOf('|')).strip();
            if (!names.contains(name)) {
                names.add(name);
            }
            width = Math.max(width, name.length());
        }
        String data = line.substring(line.indexOf('|') + 1);
        return (colors ? TextFormat.color(names.indexOf(name)) : "") + column(name, width) + "|" + data;
    }

    @Test
    void aShortNameIsPaddedToSixteen() {
        String shortPrefix = "s" + UUID.randomUUID().toString().substring(0, 4);
        LiveStream stream = stream("/logs/name:" + shortPrefix + "-*?colors=off");
        TestContainer app = live.docker().run(ContainerSpec.script("echo padded; sleep 600").namePrefix(shortPrefix));
        live.closingLast(app::remove);

        assertThat(app.name()).hasSize(14);
        assertThat(stream.awaitLine(line -> line.endsWith("|padded"), WAIT)).isEqualTo("  " + app.name() + "|padded");
    }

    @Test
    void anIdPrefixOrTheFullIdStreamsThatContainersBareLines() {
        TestContainer app = idle("by-id");
        TestContainer other = idle("other");
        awaitAttached(app);
        awaitAttached(other);
        LiveStream byPrefix = stream("/logs/id:" + app.shortId().substring(0, 7));
        LiveStream byFullId = stream("/logs/id:" + app.id());
        LiveStream witness = stream("/logs/id:" + other.id());

        say(other, "not-for-id", 1);
        // Once another stream has it, the router has passed it by the id streams too.
        witness.awaitLine("not-for-id"::equals, WAIT);
        say(app, "for-id", 1);
        say(app, "for-id-err", 2);

        for (LiveStream stream : List.of(byPrefix, byFullId)) {
            stream.awaitLine("for-id-err"::equals, WAIT);
            stream.awaitLine("for-id"::equals, WAIT);
            assertThat(stream.lines()).containsExactlyInAnyOrder("for-id", "for-id-err");
        }
    }

    @Test
    void anHttp10ClientGetsUnchunkedLinesUntilTheConnectionEnds() throws Exception {
        TestContainer app = idle("http10");
        awaitAttached(app);
        try (Socket client = TestClients.connect(server.getPort())) {
            client.getOutputStream().write(("GET /logs/name:" + app.name() + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.0 200 OK\r\n").doesNotContainIgnoringCase("transfer-encoding");

            say(app, "old-client", 1);

            assertThat(readUntil(in, "\n")).isEqualTo("old-client\n");
        }
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        HttpResponse<String> response = get("/logs/id:zzzz");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no running container has an id starting with zzzz\n");
    }

    @Test
    void aNameWithoutStarGivesBareLinesAndWithStarTheNameColumn() {
        TestContainer app = idle("named");
        awaitAttached(app);
        LiveStream exact = stream("/logs/name:" + app.name());
        LiveStream glob = stream("/logs/name:" + URLEncoder.encode(prefix + "-named-*", StandardCharsets.UTF_8) + "?colors=off");

        say(app, "by-name", 1);

        assertThat(exact.awaitLine("by-name"::equals, WAIT)).isEqualTo("by-name");
        assertThat(glob.awaitLine(line -> line.endsWith("by-name"), WAIT)).isEqualTo(app.name() + "|by-name");
    }

    @Test
    void filterTakesAWordOfTheNameAndKeepsTheNameColumn() {
        LiveStream witness = stream("/logs/filter:" + prefix + "?colors=off");
        LiveStream stream = stream("/logs/filter:" + prefix + "-mine?colors=off");
        TestContainer mine = run("mine", "echo mine-line; sleep 600");
        run("yours", "echo yours-line; sleep 600");

        assertThat(stream.awaitLine(line -> line.endsWith("mine-line"), WAIT)).isEqualTo(mine.name() + "|mine-line");
        witness.awaitLine(line -> line.endsWith("|yours-line"), WAIT);
        say(mine, "mine-again", 1);
        stream.awaitLine(line -> line.endsWith("|mine-again"), WAIT);
        assertThat(stream.lines()).containsExactly(mine.name() + "|mine-line", mine.name() + "|mine-again");
    }

    @Test
    void sourcesAndSourceFilterTheStreams() {
        TestContainer app = idle("sources");
        awaitAttached(app);
        LiveStream stderrOnly = stream("/logs/name:" + app.name() + "?sources=stderr");
        LiveStream stdoutOnly = stream("/logs/name:" + app.name() + "?source=stdout");
        LiveStream both = stream("/logs/name:" + app.name() + "?source=stdout,stderr");

        say(app, "to-out", 1);
        say(app, "to-err", 2);

        both.awaitLine("to-out"::equals, WAIT);
        both.awaitLine("to-err"::equals, WAIT);
        stderrOnly.awaitLine("to-err"::equals, WAIT);
        stdoutOnly.awaitLine("to-out"::equals, WAIT);
        say(app, "last-err", 2);
        say(app, "last-out", 1);
        stderrOnly.awaitLine("last-err"::equals, WAIT);
        stdoutOnly.awaitLine("last-out"::equals, WAIT);
        assertThat(stderrOnly.lines()).containsExactly("to-err", "last-err");
        assertThat(stdoutOnly.lines()).containsExactly("to-out", "last-out");
    }

    @Test
    void acceptJsonGivesOnePrettyObjectPerMessage() {
        TestContainer app = idle("json");
        awaitAttached(app);
        LiveStream stream = stream("/logs/name:" + app.name(), "Accept", "application/json");

        say(app, "as <json>", 2);

        Await.until(WAIT, () -> !stream.jsonObjects().isEmpty(), () -> "a JSON object, got " + stream.lines());
        Map<String, Object> message = stream.jsonObjects().getFirst();
        assertThat(message).containsOnlyKeys("Container", "Source", "Data", "Time");
        assertThat(message).containsEntry("Source", "stderr").containsEntry("Data", "as <json>");
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) message.get("Container");
        assertThat(container).containsEntry("Id", app.id()).containsEntry("Name", "/" + app.name()).containsKeys("Config", "State", "HostConfig");
        assertThat((String) message.get("Time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(stream.lines()).contains("  \"Data\": \"as \\u003cjson\\u003e\",");
        assertThat(stream.response().headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void jsonCompactGivesOneLinePerMessageWithTheContainersIdAndName() {
        TestContainer app = idle("compact");
        awaitAttached(app);
        LiveStream stream = stream("/logs/name:" + app.name() + "?json=compact", "Accept", "application/json");

        say(app, "first", 1);
        say(app, "second", 2);

        Await.until(WAIT, () -> stream.lines().size() >= 2, () -> "two lines, got " + stream.lines());
        assertThat(stream.lines()).hasSize(2);
        assertThat(stream.lines().getFirst()).startsWith("{\"Container\":{\"Id\":\"" + app.id() + "\",\"Name\":\"/" + app.name()
                + "\"},\"Source\":\"stdout\",\"Data\":\"first\",\"Time\":\"");
        assertThat(stream.lines().get(1)).contains("\"Source\":\"stderr\",\"Data\":\"second\"");
    }

    @Test
    void aWebSocketFromTheSameHostGetsJsonTextFrames() throws Exception {
        TestContainer app = idle("ws");
        awaitAttached(app);
        List<String> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        CompletableFuture<String> pong = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket webSocket = TestClients.http().newWebSocketBuilder().connectTimeout(TestClients.CONNECT_TIMEOUT)
                .header("Origin", server.toString())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/logs/name:" + app.name()), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public void onOpen(WebSocket socket) {
                        subscribed.complete(null);
                        socket.request(Long.MAX_VALUE);
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
                        pong.complete(StandardCharsets.UTF_8.decode(message).toString());
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                })
                .join();
        live.closing(webSocket::abort);
        subscribed.join();
        // The stream subscribes once the handshake's answer is out; the first line may come before that.
        Await.until(WAIT, () -> {
            say(app, "over-websocket", 1);
            return !frames.isEmpty();
        }, () -> "a frame");

        String frame = frames.getFirst();
        assertThat(frame).startsWith("{\n  \"Container\": {\n").endsWith("\n}\n").contains("\n  \"Data\": \"over-websocket\",\n  \"Time\": ");
        Map<?, ?> message = new com.fasterxml.jackson.databind.ObjectMapper().readValue(frame, Map.class);
        assertThat(message.get("Source")).isEqualTo("stdout");
        assertThat(((Map<?, ?>) message.get("Container")).get("Id")).isEqualTo(app.id());

        webSocket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(pong.get(60, TimeUnit.SECONDS)).isEqualTo("are you there");
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        assertThat(closed.get(60, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        Await.until(WAIT, () -> module.openStreams() == 0, () -> "no stream left, got " + module.openStreams());
    }

    @Test
    void aWebSocketUpgradeWithoutOriginIsForbiddenNamingWhatIsAllowed() throws Exception {
        try (Socket client = TestClients.connect(server.getPort())) {
            client.getOutputStream().write(("GET /logs HTTP/1.1\r\nHost: 127.0.0.1:" + server.getPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();

            assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 403 Forbidden\r\n");
            assertThat(readUntil(in, "\n")).isEqualTo("403 forbidden: WebSocket origin (none) is not allowed; allowed: same host"
                    + " (set HTTPSTREAM_ALLOWED_ORIGINS)\n");
        }
    }

    @Test
    void streamsOutliveTheIdleTimeoutThatClosesIdleConnections() throws Exception {
        TestContainer app = idle("outlive");
        awaitAttached(app);
        LiveStream stream = stream("/logs/name:" + app.name() + "?colors=off");
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket webSocket = TestClients.http().newWebSocketBuilder().connectTimeout(TestClients.CONNECT_TIMEOUT)
                .header("Origin", server.toString())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/logs/name:" + app.name()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                })
                .join();
        live.closing(webSocket::abort);
        Await.until(WAIT, () -> module.openStreams() == 2, () -> "both streams subscribed, got " + module.openStreams());

        // A connection opened after both streams, sending nothing, is closed once the idle timeout
        // (1 s here) has passed: by then the streams have been open longer than that.
        try (Socket idle = TestClients.connect(server.getPort())) {
            assertThat(idle.getInputStream().read()).as("an idle connection is closed").isEqualTo(-1);
        }
        say(app, "still-streaming", 1);

        stream.awaitLine("still-streaming"::equals, WAIT);
        Await.until(WAIT, () -> frames.stream().anyMatch(frame -> frame.contains("\"Data\": \"still-streaming\"")), () -> "the line over the WebSocket, got " + frames);
    }

    @Test
    void aWebSocketFromAnotherOriginIsForbidden() {
        CompletableFuture<WebSocket> refused = TestClients.http().newWebSocketBuilder().connectTimeout(TestClients.CONNECT_TIMEOUT)
                .header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/logs"), new WebSocket.Listener() { });

        assertThatThrownBy(refused::join)
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        Await.until(WAIT, () -> module.openStreams() == 0, () -> "no stream left, got " + module.openStreams());
    }

    @Test
    void aClientThatReadsNothingIsDisconnectedWithoutSlowingTheRouteOrOtherClients() throws Exception {
        int lines = 100_000;
        long slowBefore = module.slowClientsDisconnected();
        String glob = URLEncoder.encode(prefix + "-slow-*", StandardCharsets.UTF_8);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.setSoTimeout((int) TestClients.READ_TIMEOUT.toMillis());
            stalled.connect(new InetSocketAddress("127.0.0.1", server.getPort()), (int) TestClients.CONNECT_TIMEOUT.toMillis());
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /logs/name:" + glob + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            readHeaders(in);
            LiveStream reader = stream("/logs/name:" + glob + "?colors=off");

            // 100 000 lines of 100 bytes: 10 MB, far more than the socket buffers and the queue hold. Paced
            // at about 20 000 lines a second, so that the reading client's queue has room for the usual hiccups.
            TestContainer app = run("slow", "i=0; while [ $i -lt " + lines + " ]; do printf '%099d\\n' $i; i=$((i+1));"
                    + " [ $((i % 1000)) -eq 0 ] && sleep 0.05; done; sleep 600");

            routeSink.awaitLines(lines, Duration.ofMinutes(3));
            assertThat(routeSink.lines()).hasSize(lines).endsWith("%099d".formatted(lines - 1));
            Await.until(WAIT, () -> module.slowClientsDisconnected() == slowBefore + 1, () -> "the stalled client to be disconnected");
            Await.until(WAIT, () -> reader.lines().size() == lines, () -> lines + " lines for the reading client, got " + reader.lines().size());
            assertThat(reader.lines().getLast()).isEqualTo(app.name() + "|" + "%099d".formatted(lines - 1));
            // What the stalled client gets is what fit before it was cut off, then the end of the stream.
            assertThat(drain(in)).isLessThan(lines * 100L);
        }
    }

    @Test
    void aThousandClientsComingAndGoingLeaveNoSubscriber() throws Exception {
        Await.until(WAIT, () -> module.openStreams() == 0, () -> "no stream left from earlier tests");
        int routerSubscribers = logspout.router().subscriberCount();
        for (int i = 0; i < 1000; i++) {
            try (Socket client = TestClients.connect(server.getPort())) {
                client.getOutputStream().write(("GET /logs/filter:" + prefix + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                readHeaders(client.getInputStream());
            }
        }

        Await.until(WAIT, () -> module.openStreams() == 0, () -> "no stream left, got " + module.openStreams());
        assertThat(logspout.router().subscriberCount()).as("the router's subscribers").isEqualTo(routerSubscribers);
        LiveStream stream = stream("/logs/name:" + prefix + "-after-*?colors=off");
        TestContainer app = run("after", "echo still-works; sleep 600");
        assertThat(stream.awaitLine(line -> line.endsWith("still-works"), WAIT)).isEqualTo(app.name() + "|still-works");
    }

    @Test
    void wrongPathsMethodsAndSourcesGetTheirStatus() throws Exception {
        assertThat(get("/logs/foo").statusCode()).isEqualTo(404);
        assertThat(get("/logs/nope:x").statusCode()).isEqualTo(404);
        assertThat(get("/logs/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = TestClients.http().send(TestClients.request(uri("/logs")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        HttpResponse<String> badSource = get("/logs?sources=syslog");
        assertThat(badSource.statusCode()).isEqualTo(400);
        assertThat(badSource.body()).isEqualTo("sources=syslog: unknown source 'syslog'; use stdout, stderr or stdout,stderr\n");
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return TestClients.http().send(TestClients.request(server.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a response's status line and headers, and checks the status is 200. */
    private static void readHeaders(InputStream in) throws IOException {
        assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
    }

    /** Reads up to and with {@code end}. */
    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended before " + end + ": " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** Reads until the server ends the connection; the bytes read. */
    private static long drain(InputStream in) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // a reset also ends it
        }
        return total;
    }
}
