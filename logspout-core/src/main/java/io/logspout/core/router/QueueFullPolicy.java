package io.logspout.core.router;

import io.logspout.api.ConfigException;
import java.util.Locale;

/** What a route does with a line when its queue is full ({@code ROUTE_QUEUE_FULL}). */
public enum QueueFullPolicy {
    /**
     * The default: the route falls behind on the container whose line does not fit, reads that
     * container's log again from Docker once it has room, and rejoins the live lines when it has
     * caught up. Nothing is lost and nothing else slows down; see {@link Lanes}.
     */
    CATCHUP,
    /** Count and log the lines that do not fit; other routes and the reader go on at full speed. */
    DROP,
    /** Wait for room: no line is lost, but the containers behind the route slow down to its pace. */
    BLOCK;

    static QueueFullPolicy parse(String setting, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + "=" + value + " is not a queue policy; use catchup (the default), drop or block");
        }
    }
}
