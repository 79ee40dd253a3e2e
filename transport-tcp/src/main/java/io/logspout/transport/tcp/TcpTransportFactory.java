package io.logspout.transport.tcp;

import io.logspout.api.Config;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;

/** The {@code tcp} transport: plain TCP byte streams ({@code raw+tcp://}, {@code syslog+tcp://}). */
public final class TcpTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Transport create(Config config) {
        return new TcpTransport();
    }
}
