package io.logspout.examples.gelf;

import io.logspout.api.Adapter;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.lang.System.Logger.Level;

/**
 * Encodes each message of one route as GELF. Over a stream transport (TCP, TLS): the JSON and a
 * null byte. Over UDP: the JSON, gzipped unless the route says {@code compress=none}, in one
 * datagram or in chunks of up to {@code chunk_size} bytes.
 *
 * <p>GELF allows 128 chunks per message. A line too long for that has its {@code short_message}
 * cut until the message fits, and is counted; a message that cannot fit even with an empty
 * {@code short_message} (a container with huge labels) is dropped and counted. Both are logged
 * at the 1st, 2nd, 4th, 8th... occurrence. Over TCP nothing is cut.
 */
final class GelfAdapter implements Adapter {
    private static final System.Logger LOG = System.getLogger(GelfAdapter.class.getName());
    private static final int INITIAL_BYTES = 4096;
    /** A buffer that one huge line grew past this is not kept for the next. */
    private static final int RETAINED_BYTES = 1 << 20;

    private final String routeId;
    private final GelfEncoder encoder;
    /** Null on a stream transport. */
    private final Chunker chunker;
    /** Null when not compressing. */
    private final Gzip gzip;
    private final ByteArrayOutput json = new ByteArrayOutput(INITIAL_BYTES, RETAINED_BYTES);
    private final ByteArrayOutput compressed = new ByteArrayOutput(INITIAL_BYTES, RETAINED_BYTES);
    private long cut;
    private long dropped;

    GelfAdapter(String routeId, GelfEncoder encoder, Chunker chunker, Gzip gzip) {
        this.routeId = routeId;
        this.encoder = encoder;
        this.chunker = chunker;
        this.gzip = gzip;
    }

    @Override
    public void encode(LogMessage message, Output out) {
        String data = message.data();
        encoder.encode(message, data.length(), json);
        if (chunker == null) {
            out.write(json.array(), 0, json.size()).writeByte(0);
            return;
        }
        int keep = data.length();
        ByteArrayOutput payload = payload();
        while (!chunker.write(payload.array(), payload.size(), out)) {
            if (keep == 0) {
                report(++dropped, "dropped a message of " + message.container().bareName() + ": even without its line it takes more than "
                        + Chunker.MAX_CHUNKS + " chunks (" + payload.size() + " bytes); " + dropped + " dropped so far");
                return;
            }
            keep = shorter(data, keep, payload.size());
            encoder.encode(message, keep, json);
            payload = payload();
        }
        if (keep < data.length()) {
            report(++cut, "cut a " + data.length() + "-character line of " + message.container().bareName() + " to " + keep
                    + " characters to fit " + Chunker.MAX_CHUNKS + " chunks; " + cut + " cut so far; use gelf+tcp for longer lines");
        }
    }

    /** The encoded message as it goes into datagrams. */
    private ByteArrayOutput payload() {
        if (gzip == null) {
            return json;
        }
        gzip.compress(json.array(), json.size(), compressed);
        return compressed;
    }

    /**
     * Fewer characters of {@code data} than {@code keep}, about as many as fit, going by the size
     * the message had: the loop in {@link #encode} tries again until it fits.
     */
    private int shorter(String data, int keep, int payloadBytes) {
        int target = (int) Math.min(keep - 1L, (long) keep * chunker.maxPayload() / payloadBytes * 9 / 10);
        if (target > 0 && Character.isHighSurrogate(data.charAt(target - 1))) {
            target--; // never half a character
        }
        return Math.max(target, 0);
    }

    private void report(long count, String text) {
        if (Long.bitCount(count) == 1) {
            LOG.log(Level.WARNING, "route " + routeId + ": gelf " + text);
        }
    }

    /** Lines cut to fit {@value Chunker#MAX_CHUNKS} chunks so far. */
    long cutCount() {
        return cut;
    }

    /** Messages dropped because they could not fit {@value Chunker#MAX_CHUNKS} chunks so far. */
    long droppedCount() {
        return dropped;
    }

    @Override
    public void containerStopped(ContainerInfo container, Output out) {
        encoder.forget(container);
    }

    @Override
    public void close(Output out) {
        if (gzip != null) {
            gzip.close();
        }
    }
}
