package io.logspout.examples.gelf;

import io.logspout.api.ByteArrayOutput;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) with one reused deflater: {@link java.util.zip.GZIPOutputStream} would set up
 * a new native deflater for every message. Fastest level, as Graylog's Go client compresses.
 */
final class Gzip {
    /** Magic, deflate, no flags, no time, no extra flags, unknown OS. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] block = new byte[8192];

    /** Writes the first {@code length} bytes of {@code input}, gzipped, into {@code out} (cleared first). */
    void compress(byte[] input, int length, ByteArrayOutput out) {
        out.clear();
        out.write(HEADER);
        deflater.reset();
        deflater.setInput(input, 0, length);
        deflater.finish();
        while (!deflater.finished()) {
            out.write(block, 0, deflater.deflate(block));
        }
        crc.reset();
        crc.update(input, 0, length);
        writeLittleEndian((int) crc.getValue(), out);
        writeLittleEndian(length, out);
    }

    /** Frees the native deflater. */
    void close() {
        deflater.end();
    }

    private static void writeLittleEndian(int value, ByteArrayOutput out) {
        out.writeByte(value).writeByte(value >>> 8).writeByte(value >>> 16).writeByte(value >>> 24);
    }
}
