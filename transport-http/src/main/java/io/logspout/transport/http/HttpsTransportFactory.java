package io.logspout.transport.http;

import io.logspout.api.Config;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;
import io.logspout.transport.tls.LazyTlsSettings;

/**
 * The {@code https} transport: {@code http} over TLS, with the {@code tls} transport's
 * {@code LOGSPOUT_TLS_*} trust store, client certificate and hardening.
 */
public final class HttpsTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "https";
    }

    /** Loads the trust store and the client certificate now, so a bad file stops startup. */
    @Override
    public Transport create(Config config) {
        return new HttpTransport("https", config, LazyTlsSettings.of(config));
    }
}
