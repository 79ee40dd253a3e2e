package io.logspout.api;

/**
 * Creates {@link Adapter}s for routes whose adapter chain names {@link #name()}. Register an
 * implementation in {@code META-INF/services/io.logspout.api.AdapterFactory}; it needs a public
 * no-argument constructor.
 */
public interface AdapterFactory {

    /** The name used in route URIs: {@code raw} in {@code raw+tcp://host:port}. */
    String name();

    /**
     * Creates the adapter of one route. Validate everything here (settings, templates, options)
     * and throw a {@link ConfigException} naming what is wrong and what is accepted: at startup
     * that message ends the process, from the routes API it becomes a 400 answer.
     */
    Adapter create(AdapterContext context);

    /** The transport used when the route names none ({@code raw://} is {@code raw+udp://}). */
    default String defaultTransport() {
        return "udp";
    }

    /**
     * The port of a route address that gives none ({@code otlp://collector} is
     * {@code otlp://collector:4318}), whatever the transport; 0 (the default) for none, and then
     * the transport's {@link Transport#defaultPort()} applies, if it has one. In an adapter chain
     * the innermost adapter with a default port decides.
     */
    default int defaultPort() {
        return 0;
    }

    /**
     * True for the one adapter that a bare transport name stands for: {@code tcp://host:port}
     * means {@code <this adapter>+tcp://host:port}. logspout's {@code raw} adapter says true.
     */
    default boolean standsForBareTransport() {
        return false;
    }
}
