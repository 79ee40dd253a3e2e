package io.logspout.adapter.otlp;

import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * OTLP/HTTP's binary body, an {@code ExportLogsServiceRequest}, encoded by hand straight into the
 * route's buffer: the protobuf wire format of the fields logspout sets, in field-number order, so
 * the bytes are exactly those of OTLP's generated classes (the tests compare them), without their
 * half a dozen objects per record. Sizes are computed first (nested messages are
 * length-prefixed), then written. A container's encoded {@code Resource} is kept per container view.
 * A line is turned into UTF-8 once, by the JDK's own encoder (the fastest way there is, and it too
 * writes a lone surrogate as {@code ?}); its key is written from its parts, never made a string.
 *
 * <p>Field numbers, from opentelemetry-proto's {@code logs.proto}, {@code common.proto},
 * {@code resource.proto} and {@code logs_service.proto}.
 */
final class OtlpProtobuf implements OtlpAdapter.Encoding {
    private static final int LEN = 2;
    private static final int FIXED64 = 1;
    /** ExportLogsServiceRequest.resource_logs = 1. */
    private static final int REQUEST_RESOURCE_LOGS = tag(1, LEN);
    /** ResourceLogs.resource = 1, scope_logs = 2. */
    private static final int RESOURCE_LOGS_RESOURCE = tag(1, LEN);
    private static final int RESOURCE_LOGS_SCOPE_LOGS = tag(2, LEN);
    /** Resource.attributes = 1. */
    private static final int RESOURCE_ATTRIBUTES = tag(1, LEN);
    /** ScopeLogs.scope = 1, log_records = 2. */
    private static final int SCOPE_LOGS_SCOPE = tag(1, LEN);
    private static final int SCOPE_LOGS_LOG_RECORDS = tag(2, LEN);
    /** InstrumentationScope.name = 1. */
    private static final int SCOPE_NAME = tag(1, LEN);
    /** LogRecord.time_unix_nano = 1, body = 5, attributes = 6, observed_time_unix_nano = 11. */
    private static final int RECORD_TIME = tag(1, FIXED64);
    private static final int RECORD_BODY = tag(5, LEN);
    private static final int RECORD_ATTRIBUTES = tag(6, LEN);
    private static final int RECORD_OBSERVED_TIME = tag(11, FIXED64);
    /** KeyValue.key = 1, value = 2; AnyValue.string_value = 1. */
    private static final int KEY_VALUE_KEY = tag(1, LEN);
    private static final int KEY_VALUE_VALUE = tag(2, LEN);
    private static final int ANY_STRING = tag(1, LEN);
    private static final int MAX_CACHED_CONTAINERS = 256;
    private static final byte[] IOSTREAM = utf8(OtlpNames.IOSTREAM);
    private static final byte[] RECORD_UID = utf8(OtlpNames.RECORD_UID);
    private static final byte[] SCOPE = scope();

    private final Map<ContainerInfo, byte[]> resources = new IdentityHashMap<>();
    /** Per record of the batch, in order: its line in UTF-8, and the length of its key. */
    private byte[][] data = new byte[1024][];
    private int[] keyBytes = new int[1024];
    /** The decimal digits of a number, right-aligned. */
    private final byte[] digits = new byte[20];

    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public void write(OtlpBatch batch, Output out) {
        long observed = batch.observedNanos();
        int records = 0;
        for (OtlpBatch.Group group : batch.groups()) {
            int idBytes = utf8Length(group.container.id());
            for (LogMessage message : group.messages) {
                if (records == data.length) {
                    grow();
                }
                data[records] = message.data().getBytes(StandardCharsets.UTF_8);
                keyBytes[records] = idBytes + 1 + decimalLength(message.timeNanos()) + 1 + decimalLength(message.seq());
                records++;
            }
        }
        int index = 0;
        for (OtlpBatch.Group group : batch.groups()) {
            byte[] resource = resource(group.container, batch.hostName());
            byte[] id = group.container.id().getBytes(StandardCharsets.UTF_8);
            int scopeLogs = lengthField(SCOPE.length);
            int first = index;
            for (LogMessage message : group.messages) {
                scopeLogs += lengthField(recordSize(message, observed, index++));
            }
            int resourceLogs = lengthField(resource.length) + lengthField(scopeLogs);
            writeTag(out, REQUEST_RESOURCE_LOGS, resourceLogs);
            writeTag(out, RESOURCE_LOGS_RESOURCE, resource.length);
            out.write(resource);
            writeTag(out, RESOURCE_LOGS_SCOPE_LOGS, scopeLogs);
            writeTag(out, SCOPE_LOGS_SCOPE, SCOPE.length);
            out.write(SCOPE);
            index = first;
            for (LogMessage message : group.messages) {
                writeRecord(out, message, id, observed, index++);
            }
        }
        java.util.Arrays.fill(data, 0, records, null);
    }

    private int recordSize(LogMessage message, long observed, int index) {
        int size = (message.timeNanos() != 0 ? 9 : 0) + (observed != 0 ? 9 : 0);
        size += lengthField(stringValueSize(data[index].length));
        size += lengthField(keyValueSize(IOSTREAM.length, stringValueSize(sourceBytes(message))));
        size += lengthField(keyValueSize(RECORD_UID.length, stringValueSize(keyBytes[index])));
        return size;
    }

    private void writeRecord(Output out, LogMessage message, byte[] containerId, long observed, int index) {
        writeTag(out, SCOPE_LOGS_LOG_RECORDS, recordSize(message, observed, index));
        if (message.timeNanos() != 0) {
            out.writeByte(RECORD_TIME);
            writeFixed64(out, message.timeNanos());
        }
        byte[] line = data[index];
        writeTag(out, RECORD_BODY, stringValueSize(line.length));
        writeTag(out, ANY_STRING, line.length);
        out.write(line);
        writeAttributeStart(out, IOSTREAM, sourceBytes(message));
        out.writeUtf8(message.source());
        // The key, LogMessage.key(): <container id>:<timeNanos>:<seq>.
        writeAttributeStart(out, RECORD_UID, keyBytes[index]);
        out.write(containerId).writeByte(':');
        writeDecimal(out, message.timeNanos());
        out.writeByte(':');
        writeDecimal(out, message.seq());
        if (observed != 0) {
            writeVarint(out, RECORD_OBSERVED_TIME);
            writeFixed64(out, observed);
        }
    }

    /** A record attribute up to its string value, which the caller writes: {@code valueBytes} of UTF-8. */
    private static void writeAttributeStart(Output out, byte[] key, int valueBytes) {
        int any = stringValueSize(valueBytes);
        writeTag(out, RECORD_ATTRIBUTES, keyValueSize(key.length, any));
        writeTag(out, KEY_VALUE_KEY, key.length);
        out.write(key);
        writeTag(out, KEY_VALUE_VALUE, any);
        writeTag(out, ANY_STRING, valueBytes);
    }

    /** The number of characters of {@code value} in decimal, as {@link Long#toString(long)} writes it. */
    private static int decimalLength(long value) {
        if (value < 0) {
            return Long.toString(value).length(); // not a Docker time
        }
        int length = 1;
        for (long bound = 10; length < 19 && value >= bound; bound *= 10) {
            length++;
        }
        return length;
    }

    /**
     * {@code value} in decimal, as {@link Long#toString(long)} writes it, without making a string.
     * One 64-bit division per nine digits, the rest in {@code int}s: long divisions were 6 % of
     * an {@code otlp://} route's CPU samples (19-digit times, compiled by C1 alone).
     */
    private void writeDecimal(Output out, long value) {
        if (value < 0) {
            out.writeUtf8(Long.toString(value)); // not a Docker time
            return;
        }
        int start = digits.length;
        long rest = value;
        while (rest >= 1_000_000_000L) {
            long high = rest / 1_000_000_000L;
            int low = (int) (rest - high * 1_000_000_000L);
            for (int i = 0; i < 9; i++) {
                int tens = low / 10;
                digits[--start] = (byte) ('0' + low - tens * 10);
                low = tens;
            }
            rest = high;
        }
        int small = (int) rest;
        do {
            int tens = small / 10;
            digits[--start] = (byte) ('0' + small - tens * 10);
            small = tens;
        } while (small != 0);
        out.write(digits, start, digits.length - start);
    }

    private static int sourceBytes(LogMessage message) {
        return message.source().length(); // stdout or stderr: ASCII
    }

    /** A container's {@code Resource} message: its attributes as {@code KeyValue}s with string values. */
    private byte[] resource(ContainerInfo container, String hostName) {
        byte[] resource = resources.get(container);
        if (resource == null) {
            if (resources.size() >= MAX_CACHED_CONTAINERS) {
                resources.clear();
            }
            ByteArrayOutput encoded = new ByteArrayOutput(1024, 1024);
            OtlpNames.resourceAttributes(container, hostName, (key, value) -> {
                int keyLength = utf8Length(key);
                int any = stringValueSize(utf8Length(value));
                writeTag(encoded, RESOURCE_ATTRIBUTES, keyValueSize(keyLength, any));
                writeTag(encoded, KEY_VALUE_KEY, keyLength);
                encoded.writeUtf8(key);
                writeTag(encoded, KEY_VALUE_VALUE, any);
                writeTag(encoded, ANY_STRING, utf8Length(value));
                encoded.writeUtf8(value);
            });
            resource = java.util.Arrays.copyOf(encoded.array(), encoded.size());
            resources.put(container, resource);
        }
        return resource;
    }

    private static byte[] scope() {
        byte[] name = utf8(OtlpNames.SCOPE);
        ByteArrayOutput scope = new ByteArrayOutput(64, 64);
        writeTag(scope, SCOPE_NAME, name.length);
        scope.write(name);
        return java.util.Arrays.copyOf(scope.array(), scope.size());
    }

    private void grow() {
        int size = data.length * 2;
        data = java.util.Arrays.copyOf(data, size);
        keyBytes = java.util.Arrays.copyOf(keyBytes, size);
    }

    private static int keyValueSize(int keyBytes, int anyValueSize) {
        return lengthField(keyBytes) + lengthField(anyValueSize);
    }

    /** An {@code AnyValue} holding a string of {@code bytes} UTF-8 bytes. */
    private static int stringValueSize(int bytes) {
        return lengthField(bytes);
    }

    /** A one-byte tag, a varint length and that many bytes. */
    private static int lengthField(int length) {
        return 1 + varintSize(length) + length;
    }

    private static int varintSize(int value) {
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }

    private static void writeTag(Output out, int tag, int length) {
        out.writeByte(tag);
        writeVarint(out, length);
    }

    private static void writeVarint(Output out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    private static void writeFixed64(Output out, long value) {
        for (int shift = 0; shift < 64; shift += 8) {
            out.writeByte((int) (value >>> shift));
        }
    }

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /** Bytes of {@code text} in UTF-8, a lone surrogate counting as {@code ?} (as {@link Output#writeUtf8} writes it). */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the pair's 2 chars
                i++;
            } else if (Character.isSurrogate(c)) {
                continue; // '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
