package io.logspout.api;

import java.io.IOException;

/**
 * The destination could not take what was just flushed now and asked to be tried again after a
 * while (an HTTP {@code 429} or {@code 503} with {@code Retry-After}). Like any {@link
 * IOException} it makes the core reconnect and re-send the batch, but not before
 * {@link #delayMillis()} has passed, even when its own backoff would try sooner.
 */
public class RetryLaterException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long delayMillis;

    /**
     * @param message what went wrong, for the log and {@code /health}
     * @param delayMillis how long the destination asked to wait; 0 for no wish
     */
    public RetryLaterException(String message, long delayMillis) {
        super(message);
        this.delayMillis = Math.max(0, delayMillis);
    }

    /** The least time before the next attempt, in milliseconds. */
    public long delayMillis() {
        return delayMillis;
    }
}
