package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;

/**
 * What the pump counts for one container, from the first time it is read until it is destroyed
 * (a restart goes on counting), for {@code /health} and {@code /metrics}. Read-only outside the
 * pump; written by the container's reader thread, once per read (a batch of lines), never per line.
 */
public final class ContainerStats {
    /** Failed streams in a row from which on the container's log stream counts as failing. */
    public static final int FAILING_AFTER = 3;

    private volatile ContainerInfo container;
    private volatile long linesRead;
    private volatile long bytesRead;
    private volatile long streamReopens;
    private volatile int failuresInARow;
    private volatile boolean streaming;
    private volatile String lastError = "";

    ContainerStats() {
    }

    /** The container as last seen (its name changes with a rename); null until it was first attached. */
    public ContainerInfo container() {
        return container;
    }

    /** Lines read from its log stream and handed to the router. */
    public long linesRead() {
        return linesRead;
    }

    /** Bytes read from its log stream, Docker's framing and timestamps included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Times its log stream was opened again after it ended or broke while the container ran, or failed to open. */
    public long streamReopens() {
        return streamReopens;
    }

    /**
     * Whether its log stream keeps failing: no stream is open now, and the last
     * {@link #FAILING_AFTER} or more failed (could not be opened, or broke within a second
     * without bringing a line: Docker's error frame alone brings none).
     */
    public boolean streamFailing() {
        return !streaming && failuresInARow >= FAILING_AFTER;
    }

    /** Failed streams in a row; 0 once a stream works. */
    public int failuresInARow() {
        return failuresInARow;
    }

    /** Why its last stream failed; empty when it has not failed. */
    public String lastError() {
        return lastError;
    }

    // The writers below run on the container's one reader thread (readers succeed each other
    // through ContainerReaders' map), or on the LogStreamPoller while that thread waits for it
    // (each hand-over is a happens-before edge), so a read-modify-write of a volatile is safe.

    void seen(ContainerInfo current) {
        container = current;
    }

    void streaming(boolean open) {
        streaming = open;
    }

    void read(long lines, long bytes) {
        linesRead += lines;
        bytesRead += bytes;
        if (failuresInARow != 0) {
            failuresInARow = 0;
        }
    }

    /** A stream ended while the container ran, or broke; it is opened again. */
    void reopening(boolean failed, String error) {
        streamReopens++;
        if (failed) {
            lastError = error;
            failuresInARow++;
        } else {
            failuresInARow = 0;
        }
    }
}
