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
 *     bytes besides ({@code ROUTE_QUEUE_BYTES}; by default {@link #defaultQueueBytes} of the heap)
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
    /** The default queue's bound on a large heap: more only makes a route that falls behind take more memory. */
    static final long MAX_DEFAULT_QUEUE_BYTES = 16L << 20;
    /** The default queue's share of the heap: several routes with full queues still fit (a line is shared by the routes it goes to). */
    static final int HEAP_SHARE = 16;
    static final String DEFAULT_QUEUE_BYTES_TEXT = "a sixteenth of the heap, at most 16m";

    public RouterSettings {
        if (queueSize < 1) {
            throw new ConfigException("ROUTE_QUEUE_SIZE=" + queueSize + " is too small; it must be at least 1 (default " + DEFAULT_QUEUE_SIZE + ")");
        }
        if (queueBytes < 1024) {
            throw new ConfigException("ROUTE_QUEUE_BYTES=" + queueBytes + " is too small; it must be at least 1024 (default " + DEFAULT_QUEUE_BYTES_TEXT + ")");
        }
        if (retryCount < 0) {
            throw new ConfigException("RETRY_COUNT=" + retryCount + " is negative; use 0 or more (default " + DEFAULT_RETRY_COUNT + ")");
        }
    }

    public static RouterSettings from(Config config) {
        return from(config, Runtime.getRuntime().maxMemory());
    }

    /** The settings of {@code config} in a JVM whose heap may grow to {@code maxHeapBytes}. */
    static RouterSettings from(Config config, long maxHeapBytes) {
        return new RouterSettings(
                config.getInt("ROUTE_QUEUE_SIZE", DEFAULT_QUEUE_SIZE),
                config.get("ROUTE_QUEUE_BYTES").map(value -> bytes("ROUTE_QUEUE_BYTES", value)).orElse(defaultQueueBytes(maxHeapBytes)),
                QueueFullPolicy.parse("ROUTE_QUEUE_FULL", config.get("ROUTE_QUEUE_FULL", "catchup")),
                config.getInt("RETRY_COUNT", DEFAULT_RETRY_COUNT),
                Duration.ofMillis(20),
                Duration.ofSeconds(30),
                GoDuration.parse("ROUTE_STALL_TIMEOUT", config.get("ROUTE_STALL_TIMEOUT", "5s")));
    }

    /**
     * A route's queue when ROUTE_QUEUE_BYTES is unset: sized from the heap the JVM was given (with
     * scripts/run.sh's 128 MB, 8 MB), so that a plain {@code java -jar} on a small heap does not run
     * out of it, and a large heap does not let queues grow past what is of use. A full queue loses
     * nothing (ROUTE_QUEUE_FULL=catchup reads the lines again from Docker's log).
     */
    static long defaultQueueBytes(long maxHeapBytes) {
        return Math.max(1L << 20, Math.min(MAX_DEFAULT_QUEUE_BYTES, maxHeapBytes / HEAP_SHARE));
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
