package io.logspout.core.pump;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * docker-java's transport for logspout's control plane (info, list, events, inspect), on the
 * connections of the HTTP/1.1 client that reads the log streams ({@link DockerLogClient}): to the
 * Unix socket or TCP address of {@code DOCKER_HOST}, with TLS when there is an {@link SSLContext}.
 * docker-java's own transports bring an HTTP client of some 360 classes (Apache HttpClient 5,
 * shaded) for the few requests logspout makes.
 *
 * <p>A connection whose answer was read to its end is kept for the next request (up to
 * {@link #MAX_IDLE_CONNECTIONS}): a container's start costs an inspect, and over TLS a new
 * connection costs a handshake, some 2 ms of CPU. A {@code GET} that finds its kept connection
 * closed by the engine (restarted, say) is sent again on a new one. A request body goes out
 * chunked, as it is read. Connections that docker-java hijacks (attach and exec with stdin) are
 * refused. {@link Response#close()} before the end of the body closes the connection, which ends
 * a read blocked in another thread: that is how docker-java stops following the events.
 *
 * <p>Public so that the footprint benchmark's floor (bench/floor/Floor.java) runs docker-java as
 * logspout does.
 */
public final class DockerJavaHttpClient implements DockerHttpClient {
    /** Kept connections beyond these are closed: a burst of container starts leaves no crowd behind. */
    private static final int MAX_IDLE_CONNECTIONS = 4;
    private static final int BODY_CHUNK_BYTES = 8192;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final DockerLogClient connections;
    /** Connections at the start of a next answer, the last used first. */
    private final Deque<DockerLogClient.Connection> idle = new ConcurrentLinkedDeque<>();

    /**
     * @param dockerHost {@code unix:///path} or {@code tcp://host:port}
     * @param tls the TLS setup for a {@code tcp://} engine, or null for plain HTTP
     * @throws IllegalArgumentException for any other kind of address
     */
    public DockerJavaHttpClient(URI dockerHost, SSLContext tls) {
        connections = new DockerLogClient(dockerHost, tls);
    }

    /**
     * Sends the request on a kept connection or a new one and reads the answer's head; the body is
     * read as it arrives, and the connection kept or closed with the {@link Response}.
     *
     * @throws UncheckedIOException when the engine cannot be reached or does not answer in HTTP/1.x
     * @throws UnsupportedOperationException for a hijacked connection
     * @throws IllegalArgumentException for a path or header that cannot go into a request head
     */
    @Override
    public Response execute(Request request) {
        if (request.hijackedInput() != null) {
            throw new UnsupportedOperationException("logspout's Docker client does not hijack connections (attach or exec with stdin): "
                    + request.method() + " " + request.path());
        }
        InputStream body = request.body();
        try {
            byte[] head = head(request.method(), request.path(), connections.hostHeader(), request.headers(), body != null);
            DockerLogClient.Connection kept = idle.pollFirst();
            if (kept != null) {
                try {
                    return exchange(kept, head, body);
                } catch (IOException e) {
                    if (body != null || !request.method().equals(Request.Method.GET.name())) {
                        throw e;
                    }
                    // The engine closed the kept connection: a GET may go again.
                }
            }
            return exchange(connections.connect(), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.path() + ": " + Objects.toString(e.getMessage(), e.toString()), e);
        }
    }

    private Answer exchange(DockerLogClient.Connection connection, byte[] head, InputStream body) throws IOException {
        try {
            send(head, body, connection.out());
            // No pause between reads: the events stream is read as each event arrives.
            return new Answer(DockerLogResponse.open(connection.in(), connection, 0), connection);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The request head: the request line, {@code Host}, the request's headers and
     * {@code Transfer-Encoding: chunked} when a body follows.
     */
    static byte[] head(String method, String path, String host, Map<String, String> headers, boolean body) {
        StringBuilder head = new StringBuilder(128 + 64 * headers.size());
        head.append(token(method, "method")).append(' ').append(visible(path, "path")).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        headers.forEach((name, value) -> head.append(token(name, "header name")).append(": ").append(fieldValue(name, value)).append("\r\n"));
        if (body) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code head}, then the body if any, chunked; closes the body. */
    static void send(byte[] head, InputStream body, OutputStream connection) throws IOException {
        OutputStream out = new BufferedOutputStream(connection, BODY_CHUNK_BYTES + 16);
        out.write(head);
        if (body != null) {
            try (body) {
                byte[] chunk = new byte[BODY_CHUNK_BYTES];
                int n;
                while ((n = body.read(chunk)) >= 0) {
                    if (n > 0) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, n);
                        out.write(CRLF);
                    }
                }
            }
            out.write(LAST_CHUNK);
        }
        out.flush();
    }

    /** A method or header name: visible ASCII without separators (RFC 9110, 5.6.2). */
    private static String token(String text, String what) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("not an HTTP " + what + ": '" + text + "'");
        }
        return text;
    }

    /** A request target: visible ASCII (docker-java encodes the rest). */
    private static String visible(String text, String what) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("not an HTTP " + what + " (visible ASCII only): '" + text + "'");
        }
        return text;
    }

    /** A header's value: no line break, which would end the header, and nothing outside Latin-1. */
    private static String fieldValue(String name, String value) {
        if (!value.chars().allMatch(c -> (c >= 0x20 || c == '\t') && c != 0x7f && c <= 0xff)) {
            throw new IllegalArgumentException("the value of the HTTP header " + name + " has a control character or one outside Latin-1");
        }
        return value;
    }

    /** Closes the kept connections; those of answers still open close with them. */
    @Override
    public void close() {
        for (DockerLogClient.Connection connection; (connection = idle.pollFirst()) != null; ) {
            closeQuietly(connection);
        }
    }

    /** Keeps a connection whose answer was read to its end, unless the engine closes it or enough are kept. */
    private void release(DockerLogResponse response, DockerLogClient.Connection connection) {
        boolean engineCloses = response.headers().getOrDefault("Connection", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .anyMatch(option -> option.strip().equalsIgnoreCase("close"));
        if (response.complete() && !engineCloses && idle.size() < MAX_IDLE_CONNECTIONS) {
            idle.offerFirst(connection);
        } else {
            closeQuietly(response);
        }
    }

    private static void closeQuietly(Closeable connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // The connection is gone either way; there is nothing left to release.
        }
    }

    /**
     * The engine's answer: its body is the connection's, until {@link #close()} or the body's own
     * close, whichever comes first (docker-java closes only the body of some answers).
     */
    private final class Answer implements Response {
        private final DockerLogResponse response;
        private final DockerLogClient.Connection connection;
        private final InputStream body;
        private final AtomicBoolean released = new AtomicBoolean();

        Answer(DockerLogResponse response, DockerLogClient.Connection connection) {
            this.response = response;
            this.connection = connection;
            body = new FilterInputStream(response) {
                @Override
                public void close() {
                    Answer.this.close();
                }
            };
        }

        @Override
        public int getStatusCode() {
            return response.status();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return response.headers();
        }

        @Override
        public InputStream getBody() {
            return body;
        }

        /** Keeps the connection if its answer was read to the end; else closes it, which ends a read blocked in another thread. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(response, connection);
            }
        }
    }
}
