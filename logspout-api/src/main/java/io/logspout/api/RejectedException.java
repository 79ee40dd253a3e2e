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
    private final int refusedMessages;

    /**
     * The whole batch was refused.
     *
     * @param kind what kind of rejection this is, for logging once per kind ({@code 400}, {@code 413})
     * @param message what the receiver said, for the log
     */
    public RejectedException(String kind, String message) {
        this(kind, message, -1);
    }

    /**
     * Only some messages of the batch were refused, the others taken (an Elasticsearch bulk
     * answer that refuses some documents): the core counts only those as rejected. The batch is
     * still not sent again.
     *
     * @param refusedMessages how many of the batch's messages were refused
     */
    public RejectedException(String kind, String message, int refusedMessages) {
        super(message);
        this.kind = kind;
        this.refusedMessages = refusedMessages;
    }

    /** How many of the batch's messages were refused; -1 for all of them. */
    public int refusedMessages() {
        return refusedMessages;
    }

    /** What kind of rejection this is ({@code 400}); the core logs the first of each kind. */
    public String kind() {
        return kind;
    }
}
