package io.logspout.transport.tcp;

import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import java.io.IOException;
import java.util.Map;

/**
 * Opens TCP connections. The host is resolved at every connect, and each of its addresses is
 * tried in turn, as Go's dialer does, so a reconnect follows a destination that moved.
 */
final class TcpTransport implements Transport {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Connection connect(String address, Map<String, String> options) throws IOException {
        HostPort target = HostPort.parse(address);
        return new StreamConnection(Sockets.dial(target, "tcp", CONNECT_TIMEOUT_MILLIS), "tcp", target.toString());
    }
}
