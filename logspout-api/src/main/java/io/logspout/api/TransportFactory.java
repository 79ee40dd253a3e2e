package io.logspout.api;

/**
 * Creates the {@link Transport} named {@link #name()}. Register an implementation in
 * {@code META-INF/services/io.logspout.api.TransportFactory}. Created once at startup: a bad
 * setting (an unreadable certificate, say) is a {@link ConfigException} that ends startup.
 */
public interface TransportFactory {

    /** The name used in route URIs: {@code tcp} in {@code raw+tcp://host:port}. */
    String name();

    Transport create(Config config);
}
