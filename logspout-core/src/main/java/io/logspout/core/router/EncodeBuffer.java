package io.logspout.core.router;

import io.logspout.api.ByteArrayOutput;
import java.util.Arrays;

/**
 * The {@link io.logspout.api.Output} a route's adapter encodes into: one growable byte array
 * holding a batch of encoded messages, with their boundaries.
 *
 * <p>Ownership: each route's sender thread owns exactly one buffer and reuses it for every batch.
 * It is cleared only after the whole batch was flushed to the connection, so a failed write
 * re-sends the batch from here; nobody else reads or keeps its array.
 */
final class EncodeBuffer extends ByteArrayOutput {
    private static final int INITIAL_BYTES = 64 * 1024;
    private static final int RETAINED_BYTES = 4 * 1024 * 1024;

    /** ends[i] is the end offset (exclusive) of message i; message i starts at ends[i - 1]. */
    private int[] ends = new int[1024];
    private int messages;

    EncodeBuffer() {
        super(INITIAL_BYTES, RETAINED_BYTES);
    }

    @Override
    public void endMessage() {
        int lastEnd = messages == 0 ? 0 : ends[messages - 1];
        if (size() == lastEnd) {
            return;
        }
        if (messages == ends.length) {
            ends = Arrays.copyOf(ends, messages * 2);
        }
        ends[messages++] = size();
    }

    /**
     * Drops the bytes written since the last {@link #endMessage()}: what an adapter wrote before
     * failing halfway through a message. Messages it finished before that are kept.
     */
    void dropUnfinished() {
        truncate(messages == 0 ? 0 : ends[messages - 1]);
    }

    int messageCount() {
        return messages;
    }

    int messageStart(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    int messageEnd(int index) {
        return ends[index];
    }

    /** Forgets the first {@code count} messages, keeping the rest for the next attempt. */
    void discardFirst(int count) {
        if (count == 0) {
            return;
        }
        if (count >= messages) {
            clear();
            return;
        }
        int cut = ends[count - 1];
        discardHead(cut);
        for (int i = count; i < messages; i++) {
            ends[i - count] = ends[i] - cut;
        }
        messages -= count;
    }

    @Override
    public void clear() {
        super.clear();
        messages = 0;
    }
}
