package io.logspout.adapter.syslog;

import io.logspout.api.Output;
import java.util.Arrays;

/**
 * The syslog line being built: a growable byte array that the field templates render into, so
 * that fields can be cut to a number of characters and the whole line measured (for
 * octet-counted framing) before it goes to the route's {@link Output}.
 *
 * <p>Ownership: one per adapter, used by the route's sender thread only and reused for every
 * message; {@link #clear()} starts the next line.
 */
final class LineBuffer implements Output {
    private static final int INITIAL_BYTES = 1024;
    /** A buffer grown past this by one huge line is replaced rather than kept for the route. */
    private static final int RETAINED_BYTES = 256 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int size;

    @Override
    public LineBuffer write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    @Override
    public LineBuffer writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    /** Encodes straight into the array: no intermediate byte[] per field. */
    @Override
    public LineBuffer writeUtf8(CharSequence text) {
        return writeUtf8(text, 0, text.length());
    }

    /** Appends the UTF-8 encoding of {@code text} from {@code start} (inclusive) to {@code end}. */
    LineBuffer writeUtf8(CharSequence text, int start, int end) {
        ensure(end - start);
        int i = start;
        while (i < end) {
            char c = text.charAt(i++);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
                continue;
            }
            ensure(3 + end - i);
            if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i < end && Character.isLowSurrogate(text.charAt(i))) {
                ensure(4 + end - i);
                int codePoint = Character.toCodePoint(c, text.charAt(i++));
                bytes[size++] = (byte) (0xF0 | (codePoint >> 18));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                bytes[size++] = '?'; // a lone surrogate has no UTF-8 form; String.getBytes writes '?' too
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return this;
    }

    /** Appends {@code value} in decimal. */
    LineBuffer writeDecimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return writeUtf8(Long.toString(value));
            }
            writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    /**
     * Keeps at most {@code maxRunes} characters (Unicode code points, Go's runes) of what was
     * written since {@code from}, as Go's {@code %.Ns} does. The bytes are UTF-8, so a
     * character starts at every byte that is not a continuation byte ({@code 10xxxxxx}).
     */
    void truncateRunes(int from, int maxRunes) {
        if (size - from <= maxRunes) {
            return; // fewer bytes than allowed characters
        }
        int runes = 0;
        for (int i = from; i < size; i++) {
            if ((bytes[i] & 0xC0) != 0x80 && ++runes > maxRunes) {
                size = i;
                return;
            }
        }
    }

    /** Messages are delimited by the adapter, not by the templates that write fields here. */
    @Override
    public void endMessage() {
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /** Starts the next line. */
    void clear() {
        size = 0;
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
