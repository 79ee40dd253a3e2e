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

    /**
     * Reads the files the {@code LOGSPOUT_TLS_*} settings name now, so a bad one stops startup; the
     * system roots wait for the first connection ({@link LazyTlsSettings}).
     */
    @Override
    public Transport create(Config config) {
        return new HttpTransport("https", config, LazyTlsSettings.of(config));
    }
}
