package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import io.logspout.transport.tcp.Sockets;
import io.logspout.transport.tcp.StreamConnection;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/**
 * Opens TLS connections, a layer over TCP: the TCP transport's dial (the host resolved at every
 * connect, its addresses tried in turn), then {@link TlsSettings#handshake} on the socket that
 * accepted, then the TCP transport's {@link StreamConnection} over the TLS socket. Both steps
 * have a time limit, so a host that accepts and then says nothing does not hold the route
 * forever.
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
        SSLSocket tls = settings().handshake(Sockets.dial(target, "tls", connectTimeoutMillis), target, handshakeTimeoutMillis);
        return new StreamConnection(tls, "tls", target.toString());
    }
}
