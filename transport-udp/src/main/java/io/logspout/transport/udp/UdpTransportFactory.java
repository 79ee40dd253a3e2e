package io.logspout.transport.udp;

import io.logspout.api.Config;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;

/** The {@code udp} transport: one datagram per message, the default of {@code raw} and {@code syslog}. */
public final class UdpTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public Transport create(Config config) {
        return new UdpTransport();
    }
}
