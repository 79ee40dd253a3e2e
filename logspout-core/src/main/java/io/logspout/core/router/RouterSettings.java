package io.logspout.core.router;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.config.GoDuration;
import java.time.Duration;

/**
 * The router's settings, read and validated in one place.
 *
 * @param queueSize lines a route may hold while its destination is slow or down ({@code ROUTE_QUEUE_SIZE})
 * @param queueBytes bytes of lines a route may hold, counting each line's text and about 100
 *     bytes besides ({@code ROUTE_QUEUE_BYTES})
 * @param queueFullPolicy what happens to a line that does not fit ({@code ROUTE_QUEUE_FULL})
 * @param retryCount quick reconnect attempts in one outage before the route reports itself
 *     failing and slows to one attempt per {@code maxBackoff} ({@code RETRY_COUNT}, as logspout)
 * @param initialBackoff the first pause after a failure; doubles on each further failure
 * @param maxBackoff the longest pause, and the pace of a failing route
 * @param stallTimeout with {@code ROUTE_QUEUE_FULL=drop} only: how long a reader waits for room in
 *     a full queue before the route counts as stalled and its lines are dropped until it catches
 *     up ({@code ROUTE_STALL_TIMEOUT})
 */
public record RouterSettings(int queueSize, long queueBytes, QueueFullPolicy queueFullPolicy, int retryCount, Duration initialBackoff, Duration maxBackoff, Duration stallTimeout) {

    public static final int DEFAULT_QUEUE_SIZE = 100_000;
    public static final int DEFAULT_RETRY_COUNT = 10;
    /** With the image's 128 MB heap, a few routes with full queues still fit (a line is shared by the routes it goes to). */
    public static final long DEFAULT_QUEUE_BYTES = 16L << 20;

    public RouterSettings {
        if (queueSize < 1) {
            throw new ConfigException("ROUTE_QUEUE_SIZE=" + queueSize + " is too small; it must be at least 1 (default " + DEFAULT_QUEUE_SIZE + ")");
        }
        if (queueBytes < 1024) {
            throw new ConfigException("ROUTE_QUEUE_BYTES=" + queueBytes + " is too small; it must be at least 1024 (default " + DEFAULT_QUEUE_BYTES + ")");
        }
        if (retryCount < 0) {
            throw new ConfigException("RETRY_COUNT=" + retryCount + " is negative; use 0 or more (default " + DEFAULT_RETRY_COUNT + ")");
        }
    }

    public static RouterSettings from(Config config) {
        return new RouterSettings(
                config.getInt("ROUTE_QUEUE_SIZE", DEFAULT_QUEUE_SIZE),
                config.get("ROUTE_QUEUE_BYTES").map(value -> bytes("ROUTE_QUEUE_BYTES", value)).orElse(DEFAULT_QUEUE_BYTES),
                QueueFullPolicy.parse("ROUTE_QUEUE_FULL", config.get("ROUTE_QUEUE_FULL", "catchup")),
                config.getInt("RETRY_COUNT", DEFAULT_RETRY_COUNT),
                Duration.ofMillis(20),
                Duration.ofSeconds(30),
                GoDuration.parse("ROUTE_STALL_TIMEOUT", config.get("ROUTE_STALL_TIMEOUT", "5s")));
    }

    /** A size in bytes, with an optional binary suffix {@code k}, {@code m} or {@code g} ({@code 64m}). */
    static long bytes(String setting, String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = text.endsWith("k") ? 10 : text.endsWith("m") ? 20 : text.endsWith("g") ? 30 : 0;
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number >= 0 && number <= Long.MAX_VALUE >> shift) {
                return number << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(setting + "=" + value + " is not a size; use bytes with an optional k, m or g, e.g. " + setting + "=64m");
    }
}
