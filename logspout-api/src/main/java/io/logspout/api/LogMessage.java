package io.logspout.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a container's output.
 *
 * <p>Messages are immutable and shared: the same instance goes to every route that matches, so
 * an adapter that changes a message (joining lines, say) makes a new one.
 *
 * @param container the container that wrote the line, as it was when the line was read
 * @param source {@link #STDOUT} or {@link #STDERR}
 * @param data the line without its trailing {@code \n}; a {@code \r} is kept
 * @param timeNanos when Docker received the line, in nanoseconds since the epoch
 */
public record LogMessage(ContainerInfo container, String source, String data, long timeNanos) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    public LogMessage {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(data, "data");
    }

    /** {@link #timeNanos()} as an instant. */
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(timeNanos, 1_000_000_000L), Math.floorMod(timeNanos, 1_000_000_000L));
    }

    /**
     * The message's key, the same each time this line is read from Docker's log: the container's
     * full id and Docker's timestamp, {@code <id>:<timeNanos>}. Receivers de-duplicate with it
     * what a reconnect re-sends ({@code log.record.uid} in OTLP, structured metadata in Loki).
     */
    public String key() {
        return container.id() + ":" + timeNanos;
    }

    /** A message like this one with other data, for adapters that join or rewrite lines. */
    public LogMessage withData(String newData) {
        return new LogMessage(container, source, newData, timeNanos);
    }
}
