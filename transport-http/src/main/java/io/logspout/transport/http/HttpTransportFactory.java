package io.logspout.transport.http;

import io.logspout.api.Config;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;

/**
 * The {@code http} transport: one POST per batch to {@code http://host:port/path}, acknowledged
 * by a {@code 2xx} answer ({@code otlp://}, {@code loki://}, {@code json+http://}).
 */
public final class HttpTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Transport create(Config config) {
        return new HttpTransport("http", config, null);
    }
}
