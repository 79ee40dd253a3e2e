package io.logspout.core.stats;

/**
 * What an HTTP module that streams logs live ({@code /logs}) tells about its clients. The module
 * implements it; {@link Stats#liveStreams()} adds up every such module's figures.
 */
public interface LiveStreamStats {

    /** Streams open now. */
    int openStreams();

    /** Clients disconnected so far because they fell too far behind. */
    long slowClientsDisconnected();
}
