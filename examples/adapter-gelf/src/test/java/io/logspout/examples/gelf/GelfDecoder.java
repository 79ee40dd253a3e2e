package io.logspout.examples.gelf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * What a GELF receiver does with what it gets, written from the GELF 1.1 specification and not
 * from the adapter: puts chunks back together, gunzips, and parses the JSON with Jackson.
 */
final class GelfDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GelfDecoder() {
    }

    /** One GELF chunk: {@code 0x1e 0x0f}, 8-byte id, sequence number, sequence count, data. */
    record Chunk(long id, int sequence, int count, byte[] data) {

        static boolean isChunk(byte[] datagram) {
            return datagram.length >= 12 && datagram[0] == 0x1e && datagram[1] == 0x0f;
        }

        static Chunk of(byte[] datagram) {
            if (!isChunk(datagram)) {
                throw new AssertionError("not a GELF chunk: " + Arrays.toString(Arrays.copyOf(datagram, Math.min(12, datagram.length))));
            }
            long id = 0;
            for (int i = 2; i < 10; i++) {
                id = id << 8 | (datagram[i] & 0xFF);
            }
            return new Chunk(id, datagram[10] & 0xFF, datagram[11] & 0xFF, Arrays.copyOfRange(datagram, 12, datagram.length));
        }
    }

    /**
     * The complete messages among {@code datagrams}, in the order their last piece arrived; a
     * chunked message that still misses chunks is left out.
     */
    static List<JsonNode> datagrams(List<byte[]> datagrams) {
        List<JsonNode> messages = new ArrayList<>();
        Map<Long, Chunk[]> pending = new HashMap<>();
        for (byte[] datagram : datagrams) {
            if (!Chunk.isChunk(datagram)) {
                messages.add(parse(gunzipIfGzipped(datagram)));
                continue;
            }
            Chunk chunk = Chunk.of(datagram);
            if (chunk.count() < 1 || chunk.count() > 128 || chunk.sequence() >= chunk.count()) {
                throw new AssertionError("chunk " + chunk.sequence() + " of " + chunk.count() + ": GELF allows 1 to 128 chunks");
            }
            Chunk[] parts = pending.computeIfAbsent(chunk.id(), id -> new Chunk[chunk.count()]);
            parts[chunk.sequence()] = chunk;
            if (Arrays.stream(parts).allMatch(Objects::nonNull)) {
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                for (Chunk part : parts) {
                    whole.writeBytes(part.data());
                }
                pending.remove(chunk.id());
                messages.add(parse(gunzipIfGzipped(whole.toByteArray())));
            }
        }
        return messages;
    }

    /** The payload gunzipped when it starts with gzip's magic, else as it is. */
    static byte[] gunzipIfGzipped(byte[] payload) {
        if (payload.length < 2 || payload[0] != 0x1f || payload[1] != (byte) 0x8b) {
            return payload;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not valid gzip", e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
