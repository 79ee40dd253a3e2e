package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Docker's log of a container read again, for a route that fell behind (and for replays): the
 * pump implements it, the router asks it. Lines come with the same keys the live reader gives
 * them ({@link LogMessage#key()}).
 */
public interface LogHistory {

    /** What a read found. */
    enum Read {
        /** Read to the log's end as it was when asked. */
        READ,
        /** The container does not exist (any more). */
        GONE
    }

    /**
     * Reads the container's log from {@code sinceNanos} (inclusive, as Docker's {@code since}) to
     * its current end, without following, handing each line to {@code lines} in Docker's order
     * (a last line without {@code \n} once the container has exited, as the live reader does).
     * {@code lines} may block: that is the reader's backpressure. A runtime exception from it ends
     * the read and is passed on.
     *
     * @throws IOException when the engine fails; a later call may succeed
     */
    Read read(ContainerInfo container, long sinceNanos, Consumer<LogMessage> lines) throws IOException, InterruptedException;

    /** For a router without Docker (tests, embedding without a pump): every container is gone. */
    LogHistory NONE = (container, sinceNanos, lines) -> Read.GONE;
}
