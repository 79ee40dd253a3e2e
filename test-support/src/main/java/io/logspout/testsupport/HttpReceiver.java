package io.logspout.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP (or HTTPS) server on a loopback port, for HTTP destinations: it records every
 * request (bodies un-gzipped) and answers {@code 200}, or what a test scripts: a number of
 * {@code 503}s, a {@code 400} for a body that holds some text. {@link #stop()} and {@link
 * #start()} restart it on the same port, as a receiver that goes away and comes back.
 *
 * <p>Each accepted request is handed to {@code decoder} before it is answered, so a body the
 * test's decoder (OTLP's generated classes, Jackson in strict mode) cannot read is answered
 * {@code 400} with the reason, as a real receiver would, and the test sees it as rejected.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request that was answered {@code 2xx}, with its decoded body. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, Object decoded) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer for requests whose body holds {@code when} (any request when empty). */
    private record Scripted(int status, String body, String retryAfter, String when) {
    }

    private final int port;
    private final SSLContext tls;
    private final Function<byte[], ?> decoder;
    private final List<Request> accepted = new ArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<Integer> answered = new ArrayList<>();
    private final List<Request> unacknowledged = new ArrayList<>();
    private Function<Object, String> answerBody = decoded -> "";
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param decoder reads a body (un-gzipped); throws to make the receiver answer 400
     * @param tls the server's TLS context for HTTPS, or null for HTTP
     */
    public HttpReceiver(Function<byte[], ?> decoder, SSLContext tls) {
        this(decoder, tls, FreePort.tcp());
    }

    /**
     * A receiver on a given loopback port, for a destination's default port ({@code otlp://127.0.0.1}
     * is port 4318): {@link #start()} fails, naming the port, when something else listens there.
     */
    public HttpReceiver(Function<byte[], ?> decoder, SSLContext tls, int port) {
        this.port = port;
        this.tls = tls;
        this.decoder = decoder;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts (or restarts) listening on {@link #port()}. */
    public synchronized HttpReceiver start() {
        try {
            InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            if (tls == null) {
                server = HttpServer.create(bind, 0);
            } else {
                HttpsServer https = HttpsServer.create(bind, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address(), e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Stops listening and closes every connection at once; returns when no request is being handled. */
    public void stop() {
        HttpServer stopping;
        ExecutorService handlers;
        synchronized (this) {
            stopping = server;
            handlers = executor;
            server = null;
        }
        if (stopping != null) {
            stopping.stop(0);
            handlers.close(); // outside the lock: a handler being cut off still records what it did
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The next {@code count} requests are answered {@code status} (with {@code Retry-After} when not null). */
    public synchronized void answerNext(int count, int status, String retryAfter) {
        for (int i = 0; i < count; i++) {
            script.add(new Scripted(status, "try again later", retryAfter, ""));
        }
    }

    /**
     * Requests answered {@code 200} get as body what {@code answerBody} makes of their decoded
     * body, instead of none: for receivers that answer each part of a request (a bulk API).
     */
    public synchronized HttpReceiver answerBodies(Function<Object, String> answerBody) {
        this.answerBody = answerBody;
        return this;
    }

    /** The first request whose (un-gzipped) body holds {@code text} is answered {@code status} with {@code body}. */
    public synchronized void rejectOnce(String text, int status, String body) {
        script.add(new Scripted(status, body, null, text));
    }

    /** The requests answered {@code 200} (decoded and kept before the answer was written), in order. */
    public synchronized List<Request> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * Accepted requests whose {@code 200} could not be written (a {@link #stop()} cut the
     * connection): their sender may not know they were accepted and may rightly send them again.
     */
    public synchronized List<Request> unacknowledged() {
        return List.copyOf(unacknowledged);
    }

    /** Every status answered, in order. */
    public synchronized List<Integer> answered() {
        return List.copyOf(answered);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            byte[] body = raw;
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    body = in.readAllBytes();
                }
            }
            int status = 200;
            String answer = "";
            String retryAfter = null;
            Object decoded = null;
            Function<Object, String> answering;
            synchronized (this) {
                answering = answerBody;
                Scripted next = scriptedFor(new String(body, StandardCharsets.UTF_8));
                if (next != null) {
                    status = next.status();
                    answer = next.body();
                    retryAfter = next.retryAfter();
                }
            }
            if (status == 200) {
                try {
                    decoded = decoder.apply(body);
                    if (answer.isEmpty()) {
                        answer = answering.apply(decoded);
                    }
                } catch (RuntimeException e) {
                    status = 400;
                    answer = "cannot decode the body: " + e;
                }
            }
            Request request = null;
            synchronized (this) {
                answered.add(status);
                if (status == 200) {
                    // Kept before the answer, as a receiver commits before it acknowledges.
                    request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            Map.copyOf(exchange.getRequestHeaders()), body, decoded);
                    accepted.add(request);
                }
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                exchange.getResponseBody().flush();
            } catch (IOException e) {
                if (request != null) {
                    synchronized (this) {
                        unacknowledged.add(request); // stop() cut it off: the sender may not have seen the 200, and may send it again
                    }
                }
                throw e;
            }
        }
    }

    /** Takes the first scripted answer that applies to {@code body}. */
    private Scripted scriptedFor(String body) {
        for (var it = script.iterator(); it.hasNext();) {
            Scripted scripted = it.next();
            if (scripted.when().isEmpty() || body.contains(scripted.when())) {
                it.remove();
                return scripted;
            }
        }
        return null;
    }
}
