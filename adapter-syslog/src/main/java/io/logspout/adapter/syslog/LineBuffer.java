package io.logspout.adapter.syslog;

import io.logspout.api.ByteArrayOutput;
import io.logspout.api.Output;

/**
 * The syslog line being built: the field templates render into it, so that fields can be cut to
 * a number of characters and the whole line measured (for octet-counted framing) before it goes
 * to the route's {@link Output}.
 *
 * <p>Ownership: one per adapter, used by the route's sender thread only and reused for every
 * message; {@link #clear()} starts the next line.
 */
final class LineBuffer extends ByteArrayOutput {
    private static final int INITIAL_BYTES = 1024;
    /** A buffer grown past this by one huge line is replaced rather than kept for the route. */
    private static final int RETAINED_BYTES = 256 * 1024;

    LineBuffer() {
        super(INITIAL_BYTES, RETAINED_BYTES);
    }

    /** Appends {@code value} in decimal. */
    LineBuffer writeDecimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                writeUtf8(Long.toString(value));
                return this;
            }
            writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        byte[] bytes = array();
        int start = size();
        for (int i = start + digits - 1; i >= start; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        truncate(start + digits);
        return this;
    }

    /**
     * Keeps at most {@code maxRunes} characters (Unicode code points, Go's runes) of what was
     * written since {@code from}, as Go's {@code %.Ns} does. The bytes are UTF-8, so a
     * character starts at every byte that is not a continuation byte ({@code 10xxxxxx}).
     */
    void truncateRunes(int from, int maxRunes) {
        int size = size();
        if (size - from <= maxRunes) {
            return; // fewer bytes than allowed characters
        }
        byte[] bytes = array();
        int runes = 0;
        for (int i = from; i < size; i++) {
            if ((bytes[i] & 0xC0) != 0x80 && ++runes > maxRunes) {
                truncate(i);
                return;
            }
        }
    }
}
