package io.logspout.examples.gelf;

import io.logspout.api.Output;

/**
 * Cuts a GELF payload into UDP datagrams. A payload that fits one datagram goes as it is;
 * a longer one as GELF chunks, each its own datagram:
 * <pre>
 * 0x1e 0x0f | message id (8 bytes) | sequence number (1 byte, from 0) | sequence count (1 byte) | data
 * </pre>
 * All chunks of a message share its id; a receiver puts the data back together in sequence order.
 * GELF allows at most {@value #MAX_CHUNKS} chunks per message.
 */
final class Chunker {
    static final int HEADER_BYTES = 12;
    static final int MAX_CHUNKS = 128;

    private final int datagramBytes;
    private long nextId;

    /**
     * @param datagramBytes the largest datagram to send, chunk header included
     * @param firstId the id of the first chunked message; the following ones count up from it
     */
    Chunker(int datagramBytes, long firstId) {
        this.datagramBytes = datagramBytes;
        this.nextId = firstId;
    }

    /** The largest payload that fits {@value #MAX_CHUNKS} chunks. */
    int maxPayload() {
        return MAX_CHUNKS * (datagramBytes - HEADER_BYTES);
    }

    /**
     * Writes the first {@code length} bytes of {@code payload} to {@code out} as one or more
     * datagrams ({@link Output#endMessage()} after each).
     *
     * @return false, having written nothing, when it would take more than {@value #MAX_CHUNKS} chunks
     */
    boolean write(byte[] payload, int length, Output out) {
        if (length <= datagramBytes) {
            out.write(payload, 0, length);
            out.endMessage();
            return true;
        }
        if (length > maxPayload()) {
            return false;
        }
        int chunkData = datagramBytes - HEADER_BYTES;
        int count = (length + chunkData - 1) / chunkData;
        long id = nextId++;
        for (int sequence = 0; sequence < count; sequence++) {
            out.writeByte(0x1e).writeByte(0x0f);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.writeByte((int) (id >>> shift));
            }
            out.writeByte(sequence).writeByte(count);
            int from = sequence * chunkData;
            out.write(payload, from, Math.min(chunkData, length - from));
            out.endMessage();
        }
        return true;
    }
}
