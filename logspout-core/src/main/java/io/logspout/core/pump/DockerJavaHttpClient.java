package io.logspout.core.pump;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * docker-java's transport for logspout's control plane (info, list, events, inspect), on the
 * HTTP/1.1 client that reads the log streams ({@link DockerLogClient}): one connection per request
 * ({@code Connection: close}) to the Unix socket or TCP address of {@code DOCKER_HOST}, with TLS
 * when there is an {@link SSLContext}. docker-java's own transports bring an HTTP client of some
 * 360 classes (Apache HttpClient 5, shaded) for the few requests logspout makes.
 *
 * <p>A request body goes out chunked, as it is read. Connections that docker-java hijacks (attach
 * and exec with stdin) are refused. {@link Response#close()} ends a read of the body blocked in
 * another thread: that is how docker-java stops following the events.
 *
 * <p>Public so that the footprint benchmark's floor (bench/floor/Floor.java) runs docker-java as
 * logspout does.
 */
public final class DockerJavaHttpClient implements DockerHttpClient {
    private static final int BODY_CHUNK_BYTES = 8192;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final DockerLogClient connections;

    /**
     * @param dockerHost {@code unix:///path} or {@code tcp://host:port}
     * @param tls the TLS setup for a {@code tcp://} engine, or null for plain HTTP
     * @throws IllegalArgumentException for any other kind of address
     */
    public DockerJavaHttpClient(URI dockerHost, SSLContext tls) {
        connections = new DockerLogClient(dockerHost, tls);
    }

    /**
     * Sends the request on a new connection and reads the answer's head; the body is read as it
     * arrives, and the connection closed with the {@link Response}.
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
            // No pause between reads: the events stream is read as each event arrives.
            return new Answer(connections.exchange(
                    (out, host) -> send(head(request.method(), request.path(), host, request.headers(), body != null), body, out), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.path() + ": " + Objects.toString(e.getMessage(), e.toString()), e);
        }
    }

    /**
     * The request head: the request line, {@code Host}, the request's headers,
     * {@code Transfer-Encoding: chunked} when a body follows, {@code Connection: close}.
     */
    static byte[] head(String method, String path, String host, Map<String, String> headers, boolean body) {
        StringBuilder head = new StringBuilder(128 + 64 * headers.size());
        head.append(token(method, "method")).append(' ').append(visible(path, "path")).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        headers.forEach((name, value) -> head.append(token(name, "header name")).append(": ").append(fieldValue(name, value)).append("\r\n"));
        if (body) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("Connection: close\r\n\r\n");
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

    /** Nothing to release: each request has its own connection, closed with its response. */
    @Override
    public void close() {
    }

    /** The engine's answer: its body is the connection's, until {@link #close()}. */
    private record Answer(DockerLogResponse response) implements Response {
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
            return response;
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (IOException e) {
                // The connection is gone either way; there is nothing left to release.
            }
        }
    }
}
