package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;

/**
 * The {@code tls} transport: TLS byte streams ({@code syslog+tls://}, {@code raw+tls://},
 * {@code tls://}), configured by logspout's {@code LOGSPOUT_TLS_*} variables.
 */
public final class TlsTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "tls";
    }

    /** Loads the files the settings name now, so a bad one stops startup; the JDK's trust store at the first connection. */
    @Override
    public Transport create(Config config) {
        return TlsTransport.of(config);
    }
}
