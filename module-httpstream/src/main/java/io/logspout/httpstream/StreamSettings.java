package io.logspout.httpstream;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;

/**
 * The module's settings, read and checked once at setup.
 *
 * @param queueSize lines a client may have waiting before it counts as too slow and is
 *     disconnected ({@code HTTPSTREAM_QUEUE_SIZE})
 * @param origins the pages allowed to open WebSocket streams ({@code HTTPSTREAM_ALLOWED_ORIGINS})
 */
record StreamSettings(int queueSize, OriginPolicy origins) {
    static final String QUEUE_SIZE = "HTTPSTREAM_QUEUE_SIZE";
    static final int DEFAULT_QUEUE_SIZE = 10_000;

    StreamSettings {
        if (queueSize < 1) {
            throw new ConfigException(QUEUE_SIZE + "=" + queueSize + " is too small; it must be at least 1 (default " + DEFAULT_QUEUE_SIZE + ")");
        }
    }

    static StreamSettings from(Config config) {
        return new StreamSettings(config.getInt(QUEUE_SIZE, DEFAULT_QUEUE_SIZE), OriginPolicy.parse(config.raw(OriginPolicy.SETTING)));
    }
}
