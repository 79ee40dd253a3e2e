package io.logspout.core.pump;

import io.logspout.testsupport.TestCertificates;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The Docker engine behind TLS on 127.0.0.1, as {@code dockerd --tlsverify} serves it: the
 * server certificate of {@link TestCertificates} (for {@code localhost} and {@code 127.0.0.1}),
 * a client certificate signed by its CA required, and every connection forwarded to the engine's
 * Unix socket. The JDK's own {@link SSLServerSocket}, independent of the code under test.
 */
final class TlsDockerProxy implements AutoCloseable {

    private final Path engine;
    private final SSLServerSocket server;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    TlsDockerProxy(TestCertificates certs, Path engine) throws IOException {
        this.engine = engine;
        SSLContext context = TestCertificates.serverContext(certs.serverCert(), certs.serverKey(), certs.caCert());
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        Thread.ofVirtual().name("tls-proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Closeable connection : open) {
            connection.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> forward(client));
            }
        } catch (IOException e) {
            // close(): the listening socket is closed
        }
    }

    private void forward(Socket client) {
        try (client; SocketChannel docker = SocketChannel.open(UnixDomainSocketAddress.of(engine))) {
            // kept after they end: closing them again does nothing, and a test makes few
            open.add(client);
            open.add(docker);
            ((SSLSocket) client).startHandshake();
            InputStream fromClient = client.getInputStream();
            Thread up = Thread.ofVirtual().start(() -> copy(fromClient, Channels.newOutputStream(docker)));
            copy(Channels.newInputStream(docker), client.getOutputStream());
            up.join();
        } catch (IOException | InterruptedException e) {
            // a failed handshake, or either side gone
        }
    }

    /** Copies until either side ends, then closes both, which ends the other direction too. */
    private static void copy(InputStream from, OutputStream to) {
        try (from; to) {
            from.transferTo(to);
        } catch (IOException e) {
            // either side gone
        }
    }
}
