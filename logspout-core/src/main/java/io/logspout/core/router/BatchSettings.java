package io.logspout.core.router;

import io.logspout.api.Adapter;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.core.config.GoDuration;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a route's sender cuts its queue into batches, from the route's options (with its adapter's
 * {@link Adapter#defaultOptions() defaults}): a batch ends at {@code batch.count} messages or once
 * its lines hold {@code batch.bytes} of text; after the first line the sender waits up to
 * {@code batch.linger} for more while the queue is short. One batch is one write and flush, one
 * request for HTTP destinations.
 *
 * @param count the most messages a batch takes from the queue
 * @param bytes the most text (UTF-16 units of the lines, a cheap stand-in for bytes) a batch holds; a batch always takes one line
 * @param linger how long the sender waits for more lines after the first one
 */
public record BatchSettings(int count, long bytes, Duration linger) {
    public static final String COUNT = "batch.count";
    public static final String BYTES = "batch.bytes";
    public static final String LINGER = "batch.linger";
    static final int DEFAULT_COUNT = 1024;
    static final long DEFAULT_BYTES = 1024 * 1024;
    static final Duration DEFAULT_LINGER = Duration.ofMillis(100);

    /** The options a route's transport and sender see: the adapter's defaults, overridden by the route's own. */
    public static Map<String, String> options(Route route, Adapter adapter) {
        Map<String, String> defaults = adapter.defaultOptions();
        if (defaults.isEmpty()) {
            return route.options();
        }
        Map<String, String> options = new HashMap<>(defaults);
        route.options().forEach((key, value) -> {
            if (!value.isEmpty()) {
                options.put(key, value);
            }
        });
        return Map.copyOf(options);
    }

    /**
     * Reads the batch options.
     *
     * @throws ConfigException naming the option, its value and what is accepted
     */
    public static BatchSettings from(Map<String, String> options) {
        int count = (int) number(options, COUNT, DEFAULT_COUNT, 1, 100_000);
        long bytes = number(options, BYTES, DEFAULT_BYTES, 1, Integer.MAX_VALUE);
        String linger = options.get(LINGER);
        Duration lingerValue = linger == null || linger.isEmpty() ? DEFAULT_LINGER : GoDuration.parse("route option " + LINGER, linger);
        if (lingerValue.isNegative() || lingerValue.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException("route option " + LINGER + "=" + linger + " is not a wait from 0 to 1m; use e.g. 100ms (default " + DEFAULT_LINGER.toMillis() + "ms)");
        }
        return new BatchSettings(count, bytes, lingerValue);
    }

    private static long number(Map<String, String> options, String key, long fallback, long min, long max) {
        String value = options.get(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("route option " + key + "=" + value + " is not a whole number from " + min + " to " + max + "; use e.g. " + key + "=" + fallback + " (the default)");
    }
}
