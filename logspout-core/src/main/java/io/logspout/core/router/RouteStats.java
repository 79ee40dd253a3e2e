package io.logspout.core.router;

import io.logspout.api.Route;
import java.time.Duration;

/**
 * A route's state and counts at one moment, for {@code /health} and {@code /metrics}. The
 * counters only grow while the route exists; a route replaced or deleted starts over.
 *
 * @param status where the route stands
 * @param lastError why the last attempt to send failed; empty once the route sends again
 * @param sentMessages messages its destination accepted (written and flushed; for UDP, sent)
 * @param sentBytes the bytes of those messages, as the adapter encoded them
 * @param dropped lines that did not fit in its full queue ({@code ROUTE_QUEUE_FULL=drop})
 * @param reconnects connections made after the first, each after the previous one failed or closed
 * @param queuedMessages lines it holds now: in its queue, and encoded in the batch being sent
 * @param queuedBytes their size: the UTF-8 bytes of the queued lines' text, and the encoded batch's bytes
 * @param lag the age, by Docker's timestamp, of the oldest line not yet accepted by the
 *     destination among those it holds; zero when nothing waits
 * @param behind containers it is catching up on now from Docker's log (a catch-up reader waits for room or reads)
 * @param catchUps times it fell behind on a container and began to read it again from Docker's log
 * @param gaps stretches of logs Docker no longer had when it came back for them
 * @param rejected messages its destination refused for good (an HTTP {@code 4xx}), dropped
 * @param replays replays started ({@code POST /routes/{id}/replay})
 * @param replaying whether a replay is running now
 * @param replayedLines lines all its replays put in its queue
 */
public record RouteStats(Route route, RouteChannel.Status status, String lastError, long sentMessages, long sentBytes,
        long dropped, long reconnects, int queuedMessages, long queuedBytes, Duration lag, int behind, long catchUps, Gaps gaps, long rejected, long replays, boolean replaying, long replayedLines) {

    /** Whether the route delivers: its last attempt to send worked, or it has had nothing to send yet. */
    public boolean up() {
        return lastError.isEmpty() && status != RouteChannel.Status.STOPPED;
    }
}
