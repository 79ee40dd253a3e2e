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

    /** Loads the trust store and the client certificate now, so a bad file stops startup. */
    @Override
    public Transport create(Config config) {
        return new TlsTransport(TlsSettings.from(config), TlsTransport.CONNECT_TIMEOUT_MILLIS, TlsTransport.HANDSHAKE_TIMEOUT_MILLIS);
    }
}
