package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/**
 * Opens TLS connections. As for TCP, the host is resolved at every connect and its addresses
 * are tried in turn until one accepts the TCP connection; the handshake then runs on that one
 * only, as Go's {@code tls.Dial} does, since another address of the same host would present the
 * same certificate. Both steps have a time limit, so a host that accepts and then says nothing
 * does not hold the route forever.
 */
final class TlsTransport implements Transport {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Supplier<TlsSettings> source;
    private final int connectTimeoutMillis;
    private final int handshakeTimeoutMillis;
    private volatile TlsSettings settings;

    TlsTransport(TlsSettings settings, int connectTimeoutMillis, int handshakeTimeoutMillis) {
        this(() -> settings, connectTimeoutMillis, handshakeTimeoutMillis);
    }

    private TlsTransport(Supplier<TlsSettings> source, int connectTimeoutMillis, int handshakeTimeoutMillis) {
        this.source = source;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * The transport of the {@code LOGSPOUT_TLS_*} settings. When one is set, the files they name
     * are read now, so that a bad one stops startup. Without them, the system roots (the JDK's
     * trust store, {@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}) wait for the first TLS connection:
     * reading some 150 roots costs a logspout without a TLS route about 200 classes and 2 MB.
     */
    static TlsTransport of(Config config) {
        if (Stream.of(TlsSettings.DISABLE_SYSTEM_ROOTS, TlsSettings.CA_CERTS, TlsSettings.CLIENT_CERT, TlsSettings.CLIENT_KEY)
                .anyMatch(name -> config.get(name).isPresent())) {
            return new TlsTransport(TlsSettings.from(config), CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MILLIS);
        }
        return new TlsTransport(() -> TlsSettings.from(config), CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** The settings, read at the first call; a problem with them fails the connection that needs them. */
    private TlsSettings settings() throws IOException {
        TlsSettings current = settings;
        if (current == null) {
            synchronized (this) {
                current = settings;
                if (current == null) {
                    try {
                        current = source.get();
                    } catch (ConfigException e) {
                        throw new IOException("tls: " + e.getMessage(), e);
                    }
                    settings = current;
                }
            }
        }
        return current;
    }

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Connection connect(String address, Map<String, String> options) throws IOException {
        HostPort target = HostPort.parse(address);
        TlsSettings settings = settings();
        Socket plain = target.dial("tls", connectTimeoutMillis);
        SSLSocket tls = null;
        try {
            tls = (SSLSocket) settings.socketFactory().createSocket(plain, target.host(), target.port(), true);
            tls.setSSLParameters(settings.parameters(target.host()));
            tls.setSoTimeout(handshakeTimeoutMillis);
            tls.startHandshake();
            tls.setSoTimeout(0); // from now on only the peer watcher reads, and it waits for as long as the connection lives
            return new TlsConnection(tls, target.toString());
        } catch (IOException e) {
            closeQuietly(tls == null ? plain : tls);
            throw new IOException("tls: handshake with " + target + " (" + plain.getInetAddress().getHostAddress() + ") failed: " + describe(e) + hint(e, target, settings), e);
        }
    }

    /** What the operator can do about a failed handshake, when the cause says. */
    private static String hint(IOException e, HostPort target, TlsSettings settings) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return "; logspout trusts a server whose certificate names " + target.host() + " and is signed by a CA of its trust store ("
                        + TlsSettings.CA_CERTS + ", and the system roots unless " + TlsSettings.DISABLE_SYSTEM_ROOTS + "=true)";
            }
        }
        if (e.getMessage() == null || !e.getMessage().contains("Received fatal alert")) {
            return "";
        }
        // The server said no without saying why: a missing or untrusted client certificate, or no common version or suite.
        return "; the server refused the handshake: it may require a client certificate signed by a CA it trusts ("
                + (settings.clientChain().isEmpty()
                        ? "logspout has none: set " + TlsSettings.CLIENT_CERT + " and " + TlsSettings.CLIENT_KEY
                        : "logspout sends " + settings.clientChain().get(0).getSubjectX500Principal().getName() + " from " + TlsSettings.CLIENT_CERT)
                + "), or support none of the TLS versions and cipher suites logspout offers"
                + (settings.hardening() ? " (" + TlsSettings.HARDENING + "=true allows TLS 1.2+ with ECDHE AEAD suites only)" : "");
    }

    /** The exception's message, or its type when it has none. */
    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release, and nobody to tell.
        }
    }
}
