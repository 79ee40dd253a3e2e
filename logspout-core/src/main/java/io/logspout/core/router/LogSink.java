package io.logspout.core.router;

import io.logspout.api.ContainerInfo;

/**
 * Where the Docker pump delivers what it reads. The pump attaches each container once per
 * stream life and then publishes that container's lines through the returned feed, from the
 * container's single reader thread, in the order Docker delivered them.
 */
public interface LogSink {

    /** Starts routing a container; the feed knows which routes match it. */
    ContainerFeed attach(ContainerInfo container);
}
