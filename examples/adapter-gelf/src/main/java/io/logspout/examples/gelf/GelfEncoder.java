package io.logspout.examples.gelf;

import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a message as a GELF 1.1 JSON object, with the fields of Go's logspout-gelf and of
 * Docker's own gelf log driver:
 * <pre>
 * {"version":"1.1","host":HOST,"short_message":LINE,"timestamp":SECONDS.MILLIS,"level":6 or 3,
 *  "_container_id":..,"_container_name":..,"_image_id":..,"_image_name":..,"_command":..,
 *  "_created":..,"_LABEL":..}
 * </pre>
 * {@code level} is 6 (informational) for stdout and 3 (error) for stderr. A container label
 * {@code gelf_NAME=value} becomes the field {@code _NAME} (as logspout-gelf does); other labels
 * are not sent. Empty container fields are left out.
 *
 * <p>The container's fields are encoded once per container and reused for its lines; {@link
 * #forget} drops them when its log ends.
 */
final class GelfEncoder {
    private static final String LABEL_PREFIX = "gelf_";

    /** A container's additional fields, encoded, for the very view they were made from. */
    private record Extras(ContainerInfo container, byte[] json) {
    }

    private final String host;
    private final Map<String, Extras> extras = new HashMap<>();

    GelfEncoder(String host) {
        this.host = host;
    }

    /**
     * Writes {@code message} into {@code json} (cleared first) with the first {@code dataChars}
     * characters of its line as {@code short_message}.
     */
    void encode(LogMessage message, int dataChars, ByteArrayOutput json) {
        json.clear();
        json.writeUtf8("{\"version\":\"1.1\",\"host\":");
        writeString(host, 0, host.length(), json);
        json.writeUtf8(",\"short_message\":");
        writeString(message.data(), 0, dataChars, json);
        json.writeUtf8(",\"timestamp\":");
        writeTimestamp(message.timeNanos(), json);
        json.writeUtf8(",\"level\":").writeByte(LogMessage.STDERR.equals(message.source()) ? '3' : '6');
        json.write(extras(message.container()));
        json.writeByte('}');
    }

    /** Drops the cached fields of a container whose log has ended. */
    void forget(ContainerInfo container) {
        extras.remove(container.id());
    }

    private byte[] extras(ContainerInfo container) {
        Extras cached = extras.get(container.id());
        // Identity: a rename or a re-inspection gives a new view, and its fields are encoded anew.
        if (cached != null && cached.container() == container) {
            return cached.json();
        }
        ByteArrayOutput json = new ByteArrayOutput(512, Integer.MAX_VALUE);
        Set<String> names = new HashSet<>();
        field("_container_id", container.id(), names, json);
        field("_container_name", container.bareName(), names, json);
        field("_image_id", container.imageId(), names, json);
        field("_image_name", container.image(), names, json);
        field("_command", command(container.inspect()), names, json);
        field("_created", container.inspect().get("Created") instanceof String created ? created : "", names, json);
        new TreeMap<>(container.labels()).forEach((key, value) -> {
            if (key.length() > LABEL_PREFIX.length() && key.regionMatches(true, 0, LABEL_PREFIX, 0, LABEL_PREFIX.length())) {
                field(fieldName(key.substring(LABEL_PREFIX.length())), value, names, json);
            }
        });
        byte[] encoded = Arrays.copyOf(json.array(), json.size());
        extras.put(container.id(), new Extras(container, encoded));
        return encoded;
    }

    /** {@code Config.Cmd} joined with spaces, as logspout-gelf and Docker's gelf driver send it. */
    private static String command(Map<String, Object> inspect) {
        if (inspect.get("Config") instanceof Map<?, ?> config && config.get("Cmd") instanceof List<?> cmd) {
            return String.join(" ", cmd.stream().map(String::valueOf).toList());
        }
        return "";
    }

    /**
     * {@code _} and the label's name with every character GELF does not allow in a field name
     * (letters, digits, {@code _ . -}) replaced by {@code _}.
     */
    static String fieldName(String labelName) {
        StringBuilder name = new StringBuilder(labelName.length() + 1).append('_');
        for (int i = 0; i < labelName.length(); i++) {
            char c = labelName.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            name.append(allowed ? c : '_');
        }
        return name.toString();
    }

    /** Writes {@code ,"name":"value"} unless the value is empty, the name is GELF's reserved {@code _id}, or taken. */
    private static void field(String name, String value, Set<String> names, ByteArrayOutput json) {
        if (value.isEmpty() || name.equals("_id") || !names.add(name)) {
            return;
        }
        json.writeByte(',');
        writeString(name, 0, name.length(), json);
        json.writeByte(':');
        writeString(value, 0, value.length(), json);
    }

    /**
     * Seconds since the epoch with three decimals. Milliseconds is what Graylog keeps, and what a
     * double carries exactly at today's times (microseconds would not survive its parsing).
     */
    static void writeTimestamp(long nanos, ByteArrayOutput json) {
        writeDecimal(Math.floorDiv(nanos, 1_000_000_000L), 1, json);
        json.writeByte('.');
        writeDecimal(Math.floorMod(nanos, 1_000_000_000L) / 1_000_000, 3, json);
    }

    /** A non-negative number in decimal, with leading zeros to at least {@code digits} digits. */
    private static void writeDecimal(long value, int digits, ByteArrayOutput json) {
        long unit = 1;
        for (int i = 1; i < digits || unit <= value / 10; i++) {
            unit *= 10;
        }
        for (; unit > 0; unit /= 10) {
            json.writeByte((int) ('0' + value / unit % 10));
        }
    }

    /**
     * A JSON string of {@code text} from {@code start} to {@code end}: {@code "} and {@code \}
     * escaped, control characters as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code u00XX}
     * (so the JSON never holds a null byte, GELF's TCP frame end), the rest as UTF-8.
     */
    static void writeString(CharSequence text, int start, int end, ByteArrayOutput json) {
        json.writeByte('"');
        int plain = start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            json.writeUtf8(text, plain, i);
            json.writeByte('\\');
            switch (c) {
                case '"', '\\' -> json.writeByte(c);
                case '\n' -> json.writeByte('n');
                case '\r' -> json.writeByte('r');
                case '\t' -> json.writeByte('t');
                default -> json.writeByte('u').writeByte('0').writeByte('0').writeByte(hex(c >> 4)).writeByte(hex(c & 0xF));
            }
            plain = i + 1;
        }
        json.writeUtf8(text, plain, end);
        json.writeByte('"');
    }

    private static int hex(int digit) {
        return digit < 10 ? '0' + digit : 'a' + digit - 10;
    }
}
