package io.logspout.core.http;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.config.GoDuration;
import java.time.Duration;

/**
 * Where the HTTP server listens: {@code HTTP_BIND_ADDRESS} (default {@code 0.0.0.0}) and
 * {@code PORT}, else {@code HTTP_PORT}, else 80, as logspout. Port 0 takes any free port. And
 * what it holds open for clients: {@code HTTP_IDLE_TIMEOUT} (default 60 s, 0 for never) and
 * {@code HTTP_MAX_CONNECTIONS} (default {@value #DEFAULT_MAX_CONNECTIONS}).
 *
 * @param portSetting the variable the port came from, for messages
 * @param idleTimeout how long a connection may take to send a whole request, from its opening or
 *     the end of its last response; {@link Duration#ZERO} for no limit
 * @param maxConnections open connections beyond this are answered 503 and closed
 */
record HttpSettings(String bindAddress, int port, String portSetting, Duration idleTimeout, int maxConnections) {
    static final String BIND_ADDRESS = "HTTP_BIND_ADDRESS";
    static final String IDLE_TIMEOUT = "HTTP_IDLE_TIMEOUT";
    static final String MAX_CONNECTIONS = "HTTP_MAX_CONNECTIONS";
    static final int DEFAULT_MAX_CONNECTIONS = 1000;

    static HttpSettings from(Config config) {
        String bind = config.get(BIND_ADDRESS, "0.0.0.0");
        String setting = config.get("PORT").isPresent() ? "PORT" : config.get("HTTP_PORT").isPresent() ? "HTTP_PORT" : "PORT";
        String value = config.get(setting, "80");
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(setting + "=" + value + " is not a TCP port; set it to a number from 1 to 65535 (0 takes any free port)");
        }
        Duration idleTimeout = GoDuration.parse(IDLE_TIMEOUT, config.get(IDLE_TIMEOUT, "60s"));
        if (idleTimeout.isNegative()) {
            throw new ConfigException(IDLE_TIMEOUT + "=" + config.get(IDLE_TIMEOUT, "") + " is negative; use a duration such as 60s, or 0 for no limit");
        }
        int maxConnections = config.getInt(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS);
        if (maxConnections < 1) {
            throw new ConfigException(MAX_CONNECTIONS + "=" + maxConnections + " is too small; it must be at least 1 (default " + DEFAULT_MAX_CONNECTIONS + ")");
        }
        return new HttpSettings(bind, port, setting, idleTimeout, maxConnections);
    }

    /** {@code HTTP_BIND_ADDRESS=0.0.0.0 PORT=80}: how the operator set it. */
    String describe() {
        return BIND_ADDRESS + "=" + bindAddress + " " + portSetting + "=" + port;
    }
}
