package io.logspout.transport.tls;

import io.logspout.testsupport.Await;
import io.logspout.testsupport.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 made with the JDK's own {@link SSLServerSocket}, independent of the
 * code under test (its key is read from PKCS#8 PEM by the JDK directly): it records each
 * handshake (protocol, suite, SNI, the client's certificate) and each failed one, and collects
 * the {@code \n}-separated lines its clients send. {@link #stop()} and {@link #restart()} play a
 * receiver that goes down and comes back on the same port.
 */
final class TlsServer implements AutoCloseable {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /** One completed handshake, as the server saw it. */
    record Handshake(String protocol, String cipherSuite, List<String> serverNames, String clientSubject) {
    }

    private final SSLContext context;
    private final boolean requireClientCert;
    private final Consumer<SSLParameters> parameters;
    private final List<String> lines = new ArrayList<>();
    private final List<Handshake> handshakes = new ArrayList<>();
    private final List<Exception> failures = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private SSLServerSocket server;
    private Thread acceptor;
    private int port;

    private TlsServer(SSLContext context, boolean requireClientCert, Consumer<SSLParameters> parameters) {
        this.context = context;
        this.requireClientCert = requireClientCert;
        this.parameters = parameters;
    }

    /** A server showing {@code cert} (PEM, leaf first) with {@code key} (PKCS#8 PEM). */
    static Builder with(Path cert, Path key) {
        return new Builder(cert, key);
    }

    static final class Builder {
        private final Path cert;
        private final Path key;
        private Path clientCa;
        private Consumer<SSLParameters> parameters = p -> { };

        private Builder(Path cert, Path key) {
            this.cert = cert;
            this.key = key;
        }

        /** Requires a client certificate signed by {@code ca} (PEM). */
        Builder requireClientCert(Path ca) {
            clientCa = ca;
            return this;
        }

        /** Changes the server's protocols, suites or groups. */
        Builder parameters(Consumer<SSLParameters> change) {
            parameters = change;
            return this;
        }

        TlsServer start() {
            TlsServer server = new TlsServer(TestCertificates.serverContext(cert, key, clientCa), clientCa != null, parameters);
            server.listen(0);
            return server;
        }
    }

    synchronized int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    String address() {
        return "127.0.0.1:" + port();
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<Handshake> handshakes() {
        synchronized (handshakes) {
            return List.copyOf(handshakes);
        }
    }

    List<Exception> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    List<String> awaitLines(int count, Duration timeout) {
        Await.until(timeout, () -> lines().size() >= count, () -> count + " lines on " + address() + ", got " + lines());
        return lines();
    }

    Handshake awaitHandshake(Duration timeout) {
        Await.until(timeout, () -> !handshakes().isEmpty(), () -> "a handshake on " + address() + "; failures: " + failures());
        return handshakes().get(0);
    }

    Exception awaitFailure(Duration timeout) {
        Await.until(timeout, () -> !failures().isEmpty(), () -> "a failed handshake on " + address() + "; handshakes: " + handshakes());
        return failures().get(0);
    }

    /** Ends every open connection with {@code close_notify}, and keeps listening. */
    void closeConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    /**
     * Stops as a receiver that shuts down cleanly: it stops listening, sends {@code close_notify}
     * on every connection, and reads what the clients still send until they close their side (at
     * most {@link #DRAIN}, then it closes them). Nothing a client wrote before it could see the
     * {@code close_notify} is lost, so a client that reconnects on seeing it loses nothing either.
     */
    synchronized void stop() {
        if (server != null) {
            closeQuietly(server);
            server = null;
            // The port is free only once the thread blocked in accept() has left it.
            try {
                if (!acceptor.join(DRAIN)) {
                    throw new IllegalStateException(acceptor.getName() + " did not end");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the server on " + address(), e);
            }
        }
        for (Socket socket : open) {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(socket); // already broken: nothing more to read from it
            }
        }
        try {
            Await.until(DRAIN, open::isEmpty, () -> open.size() + " clients to close their connections");
        } catch (AssertionError e) {
            closeConnections();
        }
    }

    /** Listens again on the same port. */
    synchronized void restart() {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void listen(int onPort) {
        try {
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            SSLParameters chosen = socket.getSSLParameters();
            chosen.setNeedClientAuth(requireClientCert);
            parameters.accept(chosen);
            socket.setSSLParameters(chosen);
            server = socket;
            port = socket.getLocalPort();
            acceptor = Thread.ofVirtual().name("tls-server-accept-" + port).start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void accept(SSLServerSocket listening) {
        while (true) {
            try {
                SSLSocket socket = (SSLSocket) listening.accept();
                open.add(socket);
                Thread.ofVirtual().name("tls-server-read-" + socket.getPort()).start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            try {
                socket.startHandshake();
            } catch (IOException e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return;
            }
            SSLSession session = socket.getSession();
            synchronized (handshakes) {
                handshakes.add(new Handshake(session.getProtocol(), session.getCipherSuite(), serverNames(session), clientSubject(session)));
            }
            read(socket.getInputStream());
        } catch (IOException e) {
            // Ended by the client or by stop(): the connection is over either way.
        } finally {
            open.remove(socket);
        }
    }

    private void read(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    partial.write(buffer, start, i - start);
                    synchronized (lines) {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                    }
                    partial.reset();
                    start = i + 1;
                }
            }
            partial.write(buffer, start, n - start);
        }
    }

    private static List<String> serverNames(SSLSession session) {
        return ((ExtendedSSLSession) session).getRequestedServerNames().stream()
                .map(name -> name instanceof SNIHostName host ? host.getAsciiName() : name.toString())
                .toList();
    }

    private static String clientSubject(SSLSession session) {
        try {
            return session.getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing to end it: nothing left to do if that fails.
        }
    }
}
