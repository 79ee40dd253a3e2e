package io.logspout.api;

import java.io.IOException;

/**
 * The destination answered that it will never take what was just flushed (an HTTP {@code 4xx}
 * other than {@code 429}: a malformed body, an entry too old, a missing tenant). Retrying the same
 * bytes would fail the same way for ever, so the core does not: it counts the batch as rejected,
 * logs the first rejection of each {@link #kind()} with the receiver's reason, drops the batch and
 * goes on with the next one on the same connection.
 *
 * <p>Thrown by {@link Connection#flush()} of transports whose peer acknowledges each batch.
 */
public class RejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    /**
     * @param kind what kind of rejection this is, for logging once per kind ({@code 400}, {@code 413})
     * @param message what the receiver said, for the log
     */
    public RejectedException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** What kind of rejection this is ({@code 400}); the core logs the first of each kind. */
    public String kind() {
        return kind;
    }
}
