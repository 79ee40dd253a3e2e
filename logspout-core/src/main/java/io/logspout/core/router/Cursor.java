package io.logspout.core.router;

import io.logspout.api.LogMessage;

/**
 * A position in a container's log: the key of a line without its container ({@link LogMessage#key()}).
 *
 * @param timeNanos the line's Docker timestamp
 * @param seq its number among the container's consecutive lines with that timestamp
 */
public record Cursor(long timeNanos, int seq) {

    public static Cursor of(LogMessage message) {
        return new Cursor(message.timeNanos(), message.seq());
    }

    /** Whether {@code message} is the line at this position. */
    public boolean isAt(LogMessage message) {
        return message.timeNanos() == timeNanos && message.seq() == seq;
    }
}
