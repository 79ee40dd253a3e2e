package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tests' HTTP client and TCP sockets, each with a timeout: a server that does not answer
 * fails the test that asked, with a message, instead of hanging the build.
 */
public final class TestClients {
    /** How long a test waits for a connection to be accepted. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a test waits for a response's head, or for the next bytes on a raw socket. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // what logspout's server speaks
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    private TestClients() {
    }

    /** The shared HTTP/1.1 client (its WebSocket builder too); it gives up connecting after {@link #CONNECT_TIMEOUT}. */
    public static HttpClient http() {
        return CLIENT;
    }

    /** A request to {@code path} on this host's {@code port}; see {@link #request(URI)}. */
    public static HttpRequest.Builder request(int port, String path) {
        return request(URI.create("http://127.0.0.1:" + port + path));
    }

    /** A request that fails when no response head arrives within {@link #READ_TIMEOUT}. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT);
    }

    /** Sends {@code request} with the shared client; an I/O error is thrown unchecked. */
    public static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.build().uri(), e);
        }
    }

    /** Sends {@code request} and reads the body as UTF-8 text. */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A socket connected to {@code port} on the loopback address, whose reads time out after {@link #READ_TIMEOUT}. */
    public static Socket connect(int port) throws IOException {
        return connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** A socket connected to {@code address}, whose reads time out after {@link #READ_TIMEOUT}. */
    public static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
