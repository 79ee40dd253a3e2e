package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;

/**
 * Something the router hands lines to: a route, or a live HTTP stream. Each has its own bounded
 * queue, so {@link #deliver} returns at once and one slow subscriber never stalls another.
 */
public interface Subscriber {

    /** Asked once when a container is attached (or when the subscriber is added). */
    boolean matchesContainer(ContainerInfo container);

    /** Asked for every line of a matching container; must be cheap and allocation-free. */
    boolean matchesSource(String source);

    /** Takes one line; called from the container's reader thread. */
    void deliver(LogMessage message);

    /** The container's log stream has ended for good. */
    default void containerStopped(ContainerInfo container) {
    }
}
