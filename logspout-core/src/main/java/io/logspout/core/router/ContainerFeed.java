package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;

/**
 * The routing side of one attached container. Used by that container's reader thread only
 * (renames come from the event thread and are published safely).
 */
public interface ContainerFeed {

    /** Hands one line to every matching route's queue. The hot path: allocates nothing. */
    void publish(LogMessage message);

    /** The container was renamed: later messages carry {@code renamed}; route matching is kept. */
    void rename(ContainerInfo renamed);

    /** The container's log stream ended for good (the container stopped or was removed). */
    void detach();
}
