package io.logspout.examples.gelf;

import com.fasterxml.jackson.databind.JsonNode;
import io.logspout.testsupport.TestCertificates;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A GELF TCP input on 127.0.0.1, plain or TLS: JSON messages each ended by a null byte, from any
 * number of connections.
 */
final class GelfTcpReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final List<byte[]> frames = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private GelfTcpReceiver(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("gelf-tcp-accept").start(this::accept);
    }

    static GelfTcpReceiver start() {
        try {
            return new GelfTcpReceiver(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /** A TLS input showing {@code certPem} with its RSA key {@code keyPem} (PKCS#8), read by the JDK alone. */
    static GelfTcpReceiver startTls(Path certPem, Path keyPem) throws IOException {
        SSLContext context = TestCertificates.serverContext(certPem, keyPem, null);
        return new GelfTcpReceiver(context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** {@code 127.0.0.1:<port>}, the form a route address takes. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The messages received so far, parsed here so that bad JSON fails the test that asks. */
    List<JsonNode> messages() {
        return frames.stream().map(GelfDecoder::parse).toList();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing to stop: nothing more to do.
        }
        try {
            acceptor.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // Same.
            }
        }
    }

    private void accept() {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed by close()
            }
            open.add(socket);
            Thread.ofPlatform().daemon().name("gelf-tcp-read-" + socket.getPort()).start(() -> read(socket));
        }
    }

    private void read(Socket socket) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream())) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == 0) {
                    frames.add(frame.toByteArray());
                    frame.reset();
                } else {
                    frame.write(b);
                }
            }
        } catch (IOException e) {
            // The sender went away or close() closed the socket: the frames so far are kept.
        } finally {
            open.remove(socket);
        }
    }
}
