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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Docker engine behind TLS on 127.0.0.1, as {@code dockerd --tlsverify} serves it: the
 * server certificate of {@link TestCertificates} (for {@code localhost} and {@code 127.0.0.1}),
 * a client certificate signed by its CA required, and every connection forwarded to the engine's
 * Unix socket. The JDK's own {@link SSLServerSocket}, independent of the code under test.
 */
final class TlsDockerProxy implements AutoCloseable {
    private static final char[] PASSWORD = "test".toCharArray();

    private final Path engine;
    private final SSLServerSocket server;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    TlsDockerProxy(TestCertificates certs, Path engine) throws IOException, GeneralSecurityException {
        this.engine = engine;
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(certs).getKeyManagers(), trustManagers(certs).getTrustManagers(), null);
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

    private static KeyManagerFactory keyManagers(TestCertificates certs) throws IOException, GeneralSecurityException {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certs.serverCert())) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        }
        String pem = Files.readString(certs.serverKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", key, PASSWORD, chain);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        return factory;
    }

    private static TrustManagerFactory trustManagers(TestCertificates certs) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certs.caCert())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory;
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
