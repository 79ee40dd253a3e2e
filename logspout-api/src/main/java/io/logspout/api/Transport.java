package io.logspout.api;

import java.io.IOException;
import java.util.Map;

/** Opens connections to route addresses. Shared by all routes; must be thread-safe. */
public interface Transport {

    /** True when each message is sent as one datagram (UDP), false for byte streams. */
    boolean datagram();

    /**
     * Opens a connection to {@code address} ({@code host:port}), resolving the host now, so a
     * reconnect finds a moved destination.
     *
     * @param options the route's options
     */
    Connection connect(String address, Map<String, String> options) throws IOException;

    /**
     * The port of a route address that gives none when no adapter of the route has a
     * {@link AdapterFactory#defaultPort() default port} ({@code json+https://hooks.example.com}
     * is port 443); 0 (the default) when the address must give one.
     */
    default int defaultPort() {
        return 0;
    }

    /**
     * Checks a route's options when the route is created, so a bad one stops startup (or
     * answers 400 on the routes API) instead of failing every connect. The default accepts
     * anything.
     *
     * @param options the route's options, with its adapter's {@link Adapter#defaultOptions()}
     * @throws ConfigException naming the option, the value and what is accepted
     */
    default void checkOptions(Map<String, String> options) {
    }
}
