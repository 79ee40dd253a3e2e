package io.logspout.core.router;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.config.GoDuration;
import java.time.Duration;

/**
 * The router's settings, read and validated in one place.
 *
 * @param queueSize lines a route may hold while its destination is slow or down ({@code ROUTE_QUEUE_SIZE})
 * @param queueFullPolicy what happens to a line that does not fit ({@code ROUTE_QUEUE_FULL})
 * @param retryCount quick reconnect attempts in one outage before the route reports itself
 *     failing and slows to one attempt per {@code maxBackoff} ({@code RETRY_COUNT}, as logspout)
 * @param initialBackoff the first pause after a failure; doubles on each further failure
 * @param maxBackoff the longest pause, and the pace of a failing route
 * @param stallTimeout how long a reader waits for room in a full queue before the route counts
 *     as stalled and its lines are dropped until it catches up ({@code ROUTE_STALL_TIMEOUT})
 */
public record RouterSettings(int queueSize, QueueFullPolicy queueFullPolicy, int retryCount, Duration initialBackoff, Duration maxBackoff, Duration stallTimeout) {

    public static final int DEFAULT_QUEUE_SIZE = 100_000;
    public static final int DEFAULT_RETRY_COUNT = 10;

    public RouterSettings {
        if (queueSize < 1) {
            throw new ConfigException("ROUTE_QUEUE_SIZE=" + queueSize + " is too small; it must be at least 1 (default " + DEFAULT_QUEUE_SIZE + ")");
        }
        if (retryCount < 0) {
            throw new ConfigException("RETRY_COUNT=" + retryCount + " is negative; use 0 or more (default " + DEFAULT_RETRY_COUNT + ")");
        }
    }

    public static RouterSettings from(Config config) {
        return new RouterSettings(
                config.getInt("ROUTE_QUEUE_SIZE", DEFAULT_QUEUE_SIZE),
                QueueFullPolicy.parse("ROUTE_QUEUE_FULL", config.get("ROUTE_QUEUE_FULL", "drop")),
                config.getInt("RETRY_COUNT", DEFAULT_RETRY_COUNT),
                Duration.ofMillis(20),
                Duration.ofSeconds(30),
                GoDuration.parse("ROUTE_STALL_TIMEOUT", config.get("ROUTE_STALL_TIMEOUT", "5s")));
    }
}
