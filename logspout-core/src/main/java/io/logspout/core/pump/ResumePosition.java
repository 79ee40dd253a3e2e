package io.logspout.core.pump;

/**
 * How far a container's log has been read, so that a new stream neither loses nor repeats an
 * entry.
 *
 * <p>Docker's log is a file of entries, each with its timestamp, and a stream with
 * {@code since=T} returns the entries with a timestamp of at least {@code T} in file order. The
 * entries read so far are a prefix of that file. So a new stream from {@code since=T} starts with
 * exactly those read entries whose timestamp is at least {@code T}, and skipping that many is
 * exact, even when several entries share a timestamp (the parts of a line that Docker split do).
 *
 * <p>Timestamps do not always grow along the file: Docker stamps stdout and stderr in separate
 * goroutines, so an entry of one can follow a newer one of the other. {@code since} is therefore
 * not the newest timestamp read but the oldest of the last {@value #REMEMBERED} entries read:
 * an entry stamped a little earlier than one read before it, but not read yet itself, comes
 * again. Entries read before those are not asked for again ({@code since} stays above them).
 *
 * <p>Only the container's current reader thread uses it; the next reader of the same container
 * starts after the previous one is gone.
 */
final class ResumePosition {
    /** How many of the last entries read are remembered. */
    static final int REMEMBERED = 256;

    /** Timestamps of the last entries read, a ring: the oldest at {@code next} once full. */
    private long[] recent;
    private int size;
    private int next;
    /** The newest timestamp of the entries that fell out of {@code recent}. */
    private long forgotten = DockerTimestamps.INVALID;
    private long newest = DockerTimestamps.INVALID;

    /** Counts an entry with Docker timestamp {@code entryTime} as read. */
    void taken(long entryTime) {
        if (recent == null) {
            recent = new long[REMEMBERED];
        }
        if (size == REMEMBERED) {
            forgotten = Math.max(forgotten, recent[next]);
        } else {
            size++;
        }
        recent[next] = entryTime;
        next = (next + 1) % REMEMBERED;
        newest = Math.max(newest, entryTime);
    }

    /** False until the first entry was read. */
    boolean started() {
        return size > 0;
    }

    /** The newest timestamp read; only meaningful once {@link #started()}. */
    long newest() {
        return newest;
    }

    /** Where the next stream starts: the oldest remembered timestamp, above every forgotten one. */
    long since() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, recent[i]);
        }
        return forgotten >= oldest ? forgotten + 1 : oldest;
    }

    /** How many entries read so far a stream from {@code since} repeats: those it starts with. */
    int takenSince(long since) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (recent[i] >= since) {
                count++;
            }
        }
        return count;
    }
}
