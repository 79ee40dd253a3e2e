package io.logspout.core.pump;

/**
 * How far a container's log has been read: the newest Docker timestamp of an entry taken in, and
 * how many entries with exactly that timestamp were taken in. A new stream asks Docker for
 * {@code since=<time>}, which repeats those entries, and skips that many of them: nothing is
 * lost and nothing repeated, even when several entries share a timestamp (the parts of a line
 * that Docker split do).
 *
 * <p>Only the container's current reader thread uses it; the next reader of the same container
 * starts after the previous one is gone.
 */
final class ResumePosition {
    private long time = DockerTimestamps.INVALID;
    private int count;

    /** Counts an entry with Docker timestamp {@code entryTime} as read. */
    void taken(long entryTime) {
        if (entryTime > time) {
            time = entryTime;
            count = 1;
        } else if (entryTime == time) {
            count++;
        }
        // An older timestamp (a clock stepped back) is not asked for again by since=time anyway.
    }

    /** False until the first entry was taken in. */
    boolean started() {
        return time != DockerTimestamps.INVALID;
    }

    /** The newest timestamp taken in; only meaningful once {@link #started()}. */
    long time() {
        return time;
    }

    /** How many entries with timestamp {@link #time()} were taken in. */
    int count() {
        return count;
    }
}
