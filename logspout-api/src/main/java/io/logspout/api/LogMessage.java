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
 * @param seq which of the container's consecutive lines with this {@code timeNanos} it is, from 0:
 *     Docker gives the parts of one entry, and on a coarse clock several entries, the same
 *     timestamp; almost always 0
 */
public record LogMessage(ContainerInfo container, String source, String data, long timeNanos, int seq) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    public LogMessage {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(data, "data");
    }

    /** A message that is the first (often the only) line with its timestamp: {@code seq} 0. */
    public LogMessage(ContainerInfo container, String source, String data, long timeNanos) {
        this(container, source, data, timeNanos, 0);
    }

    /** {@link #timeNanos()} as an instant. */
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(timeNanos, 1_000_000_000L), Math.floorMod(timeNanos, 1_000_000_000L));
    }

    /**
     * The line's stable key, {@code <container id>:<timeNanos>:<seq>}: the same for this line
     * whenever and however often logspout reads it from Docker's log (after a restart, a catch-up
     * or a replay), and different for every other line. A receiver that keeps the keys it has
     * seen can drop the repeats a crash may cause ({@code log.record.uid} in OTLP, structured metadata in Loki).
     */
    public String key() {
        return container.id() + ':' + timeNanos + ':' + seq;
    }

    /** Whether {@code other} is the same line of the same container: same key. */
    public boolean sameLine(LogMessage other) {
        return other != null && timeNanos == other.timeNanos && seq == other.seq && container.id().equals(other.container.id());
    }

    /** A message like this one with other data, for adapters that join or rewrite lines; it keeps the key. */
    public LogMessage withData(String newData) {
        return new LogMessage(container, source, newData, timeNanos, seq);
    }
}
