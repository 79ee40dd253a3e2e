package io.logspout.transport.http;

import io.logspout.api.RejectedException;
import java.io.IOException;

/**
 * Reads the body of a {@code 2xx} answer, for receivers that acknowledge a request as a whole but
 * may still refuse parts of it (an Elasticsearch {@code _bulk} answer with {@code "errors":true}).
 * A route picks one by its option {@code answer=<name>}, which an adapter sets in its
 * {@link io.logspout.api.Adapter#defaultOptions() default options}; without it a {@code 2xx}
 * is enough. Register an implementation in
 * {@code META-INF/services/io.logspout.transport.http.AnswerCheck} on logspout's class path.
 *
 * <p>One instance serves every route: it must be thread-safe (keep no state).
 */
public interface AnswerCheck {

    /** The value of the route option {@code answer} that picks this check. */
    String name();

    /**
     * Returns when the receiver took the whole batch; otherwise throws what the transport
     * would throw for an answer's status: a {@link RejectedException} for what the receiver
     * will never take (the batch is counted and dropped), an {@link IOException} (or a
     * {@link io.logspout.api.RetryLaterException}) for a batch to send again.
     *
     * @param answer the answer's body
     * @param request what was asked and answered ({@code http: POST <url> answered 200}), to begin messages with
     */
    void check(byte[] answer, String request) throws IOException;
}
