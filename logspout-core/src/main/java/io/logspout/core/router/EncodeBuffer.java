package io.logspout.core.router;

import io.logspout.api.Output;
import java.util.Arrays;

/**
 * The {@link Output} a route's adapter encodes into: one growable byte array holding a batch of
 * encoded messages, with their boundaries.
 *
 * <p>Ownership: each route's sender thread owns exactly one buffer and reuses it for every batch.
 * It is cleared only after the whole batch was flushed to the connection, so a failed write
 * re-sends the batch from here; nobody else reads or keeps its array.
 */
final class EncodeBuffer implements Output {
    private static final int INITIAL_BYTES = 64 * 1024;
    private static final int RETAINED_BYTES = 4 * 1024 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int size;
    /** ends[i] is the end offset (exclusive) of message i; message i starts at ends[i - 1]. */
    private int[] ends = new int[1024];
    private int messages;

    @Override
    public Output write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    @Override
    public Output writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /** Encodes straight into the array: no intermediate byte[] per line (the hot path). */
    @Override
    public Output writeUtf8(CharSequence text) {
        int length = text.length();
        ensure(length);
        int i = 0;
        byte[] target = bytes;
        int position = size;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            target[position++] = (byte) c;
        }
        size = position;
        if (i < length) {
            writeNonAscii(text, i, length);
        }
        return this;
    }

    private void writeNonAscii(CharSequence text, int from, int length) {
        for (int i = from; i < length; i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                writeByte(c);
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate((char) c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint((char) c, text.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xF0 | (codePoint >> 18));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
            } else {
                if (Character.isSurrogate((char) c)) {
                    c = '?'; // a lone surrogate has no UTF-8 form; String.getBytes does the same
                    writeByte(c);
                    continue;
                }
                ensure(3);
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    @Override
    public void endMessage() {
        int lastEnd = messages == 0 ? 0 : ends[messages - 1];
        if (size == lastEnd) {
            return;
        }
        if (messages == ends.length) {
            ends = Arrays.copyOf(ends, messages * 2);
        }
        ends[messages++] = size;
    }

    /**
     * Drops the bytes written since the last {@link #endMessage()}: what an adapter wrote before
     * failing halfway through a message. Messages it finished before that are kept.
     */
    void dropUnfinished() {
        size = messages == 0 ? 0 : ends[messages - 1];
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

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
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
        System.arraycopy(bytes, cut, bytes, 0, size - cut);
        size -= cut;
        for (int i = count; i < messages; i++) {
            ends[i - count] = ends[i] - cut;
        }
        messages -= count;
    }

    void clear() {
        size = 0;
        messages = 0;
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES]; // one huge batch must not pin its memory for ever
        }
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
