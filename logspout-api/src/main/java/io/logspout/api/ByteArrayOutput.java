package io.logspout.api;

import java.util.Arrays;

/**
 * A reusable, growable byte array to encode into, with UTF-8 written straight into the array (no
 * intermediate {@code byte[]} per string). For adapters that build a message before writing it
 * to their {@link Output}, to measure it for a length prefix, say, or to cut a field.
 *
 * <p>Not thread-safe: one per adapter (adapters run on their route's single sender thread).
 * {@link #clear()} starts over; a buffer that one huge message grew past {@code retainedBytes} is
 * replaced then, so it does not pin that memory for ever.
 */
public class ByteArrayOutput implements Output {
    private final int initialBytes;
    private final int retainedBytes;
    private byte[] bytes;
    private int size;

    /**
     * @param initialBytes the starting capacity
     * @param retainedBytes the largest capacity {@link #clear()} keeps
     */
    public ByteArrayOutput(int initialBytes, int retainedBytes) {
        this.initialBytes = initialBytes;
        this.retainedBytes = retainedBytes;
        this.bytes = new byte[initialBytes];
    }

    @Override
    public ByteArrayOutput write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    @Override
    public ByteArrayOutput writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    @Override
    public ByteArrayOutput writeUtf8(CharSequence text) {
        return writeUtf8(text, 0, text.length());
    }

    /**
     * Appends the UTF-8 encoding of {@code text} from {@code start} (inclusive) to {@code end}. A
     * lone surrogate becomes {@code ?}, as {@link String#getBytes} does.
     */
    public ByteArrayOutput writeUtf8(CharSequence text, int start, int end) {
        ensure(end - start);
        byte[] target = bytes;
        int position = size;
        int i = start;
        while (i < end) {
            char c = text.charAt(i++);
            if (c < 0x80) {
                target[position++] = (byte) c;
                continue;
            }
            size = position;
            ensure(4 + end - i);
            target = bytes;
            if (c < 0x800) {
                target[position++] = (byte) (0xC0 | (c >> 6));
                target[position++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i < end && Character.isLowSurrogate(text.charAt(i))) {
                int codePoint = Character.toCodePoint(c, text.charAt(i++));
                target[position++] = (byte) (0xF0 | (codePoint >> 18));
                target[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                target[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                target[position++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                target[position++] = '?';
            } else {
                target[position++] = (byte) (0xE0 | (c >> 12));
                target[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                target[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = position;
        return this;
    }

    /** Ends nothing: a subclass that keeps message boundaries overrides it. */
    @Override
    public void endMessage() {
    }

    /** How many bytes were written since the last {@link #clear()}. */
    public final int size() {
        return size;
    }

    /** The array holding the bytes, valid from 0 to {@link #size()} until the next write or clear. */
    public final byte[] array() {
        return bytes;
    }

    /** Starts over. */
    public void clear() {
        size = 0;
        if (bytes.length > retainedBytes) {
            bytes = new byte[initialBytes];
        }
    }

    /** Forgets everything after the first {@code newSize} bytes. */
    protected final void truncate(int newSize) {
        size = newSize;
    }

    /** Drops the first {@code count} bytes, moving the rest to the front. */
    protected final void discardHead(int count) {
        System.arraycopy(bytes, count, bytes, 0, size - count);
        size -= count;
    }

    /** Makes room for {@code extra} more bytes. */
    protected final void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
