package io.logspout.core.http;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;

/**
 * Where the HTTP server listens: {@code HTTP_BIND_ADDRESS} (default {@code 0.0.0.0}) and
 * {@code PORT}, else {@code HTTP_PORT}, else 80, as logspout. Port 0 takes any free port.
 *
 * @param portSetting the variable the port came from, for messages
 */
record HttpSettings(String bindAddress, int port, String portSetting) {
    static final String BIND_ADDRESS = "HTTP_BIND_ADDRESS";

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
        return new HttpSettings(bind, port, setting);
    }

    /** {@code HTTP_BIND_ADDRESS=0.0.0.0 PORT=80}: how the operator set it. */
    String describe() {
        return BIND_ADDRESS + "=" + bindAddress + " " + portSetting + "=" + port;
    }
}
