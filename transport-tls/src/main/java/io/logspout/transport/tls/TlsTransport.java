package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import io.logspout.transport.tcp.Sockets;
import io.logspout.transport.tcp.StreamConnection;
import java.io.IOException;
import java.util.Map;
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

    private final LazyTlsSettings settings;
    private final int connectTimeoutMillis;
    private final int handshakeTimeoutMillis;

    TlsTransport(TlsSettings settings, int connectTimeoutMillis, int handshakeTimeoutMillis) {
        this(LazyTlsSettings.of(settings), connectTimeoutMillis, handshakeTimeoutMillis);
    }

    private TlsTransport(LazyTlsSettings settings, int connectTimeoutMillis, int handshakeTimeoutMillis) {
        this.settings = settings;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** The transport of the {@code LOGSPOUT_TLS_*} settings, read as {@link LazyTlsSettings} says. */
    static TlsTransport of(Config config) {
        return new TlsTransport(LazyTlsSettings.of(config), CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MILLIS);
    }

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Connection connect(String address, Map<String, String> options) throws IOException {
        HostPort target = HostPort.parse(address);
        SSLSocket tls = settings.get().handshake(Sockets.dial(target, "tls", connectTimeoutMillis), target, handshakeTimeoutMillis);
        return new StreamConnection(tls, "tls", target.toString());
    }
}
