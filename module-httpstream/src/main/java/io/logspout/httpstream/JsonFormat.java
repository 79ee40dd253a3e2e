package io.logspout.httpstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * logspout's JSON stream: each message as Go's {@code json.MarshalIndent(msg, "", "  ")} and a
 * newline, with the keys {@code Container} (Docker's whole inspect object, with the current name
 * after a rename), {@code Source}, {@code Data} and {@code Time} (RFC 3339 with nanoseconds,
 * trailing zeros dropped, in the process's time zone), escaped as Go escapes ({@code <>&} and
 * U+2028/U+2029 as {@code \}{@code u} escapes).
 *
 * <p>The container object is several kilobytes of JSON; it is rendered once per container view
 * and copied into each message. The compact layout ({@code json=compact}) is for readers that
 * take many lines a second, such as a browser: each message on one line, its {@code Container}
 * only {@code Id} and {@code Name}, so a line costs about a hundred bytes instead of kilobytes.
 */
final class JsonFormat implements MessageFormat {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .characterEscapes(new GoEscapes())
            .build();
    /** Go's MarshalIndent layout: {@code "key": value}, one entry per line, {@code {}} and {@code []} when empty. */
    private static final DefaultPrettyPrinter INDENT = goIndent();
    private static final int MAX_CACHED_CONTAINERS = 256;

    private final ZoneId zone;
    private final boolean compact;
    private final Map<ContainerInfo, String> containers = new IdentityHashMap<>();

    JsonFormat(ZoneId zone, boolean compact) {
        this.zone = zone;
        this.compact = compact;
    }

    private static DefaultPrettyPrinter goIndent() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("")
                .withRootSeparator(""));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        try (JsonGenerator json = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            if (!compact) {
                json.setPrettyPrinter(INDENT.createInstance());
            }
            json.writeStartObject();
            json.writeFieldName("Container");
            json.writeRawValue(container(message.container()));
            json.writeStringField("Source", message.source());
            json.writeStringField("Data", message.data());
            json.writeStringField("Time", rfc3339Nano(message.time(), zone));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteBuf does not fail
        }
        out.writeByte('\n');
    }

    /** Compact messages are one line each: a WebSocket frame carries a batch. */
    @Override
    public boolean oneLinePerMessage() {
        return compact;
    }

    /** The container object, indented as the value of a top-level key. */
    private String container(ContainerInfo container) {
        String rendered = containers.get(container);
        if (rendered == null) {
            if (containers.size() >= MAX_CACHED_CONTAINERS) {
                containers.clear();
            }
            rendered = compact ? render(brief(container), false)
                    : render(inspect(container), true).replace("\n", "\n  ");
            containers.put(container, rendered);
        }
        return rendered;
    }

    /** The compact layout's container: its id and its current name. */
    private static Map<String, Object> brief(ContainerInfo container) {
        Map<String, Object> brief = new LinkedHashMap<>();
        brief.put("Id", container.id());
        brief.put("Name", container.name());
        return brief;
    }

    /** Docker's inspect object; a rename keeps the object of the first inspect, so the name is put right. */
    private static Map<String, Object> inspect(ContainerInfo container) {
        Map<String, Object> inspect = container.inspect();
        if (container.name().equals(inspect.get("Name"))) {
            return inspect;
        }
        Map<String, Object> renamed = new LinkedHashMap<>(inspect);
        renamed.put("Name", container.name());
        return renamed;
    }

    private static String render(Object value, boolean indent) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            if (indent) {
                json.setPrettyPrinter(INDENT.createInstance());
            }
            write(value, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes what Jackson parsed Docker's answer into: maps, lists, strings, numbers, booleans, nulls. */
    private static void write(Object value, JsonGenerator json) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName(String.valueOf(entry.getKey()));
                    write(entry.getValue(), json);
                }
                json.writeEndObject();
            }
            case List<?> list -> {
                json.writeStartArray();
                for (Object element : list) {
                    write(element, json);
                }
                json.writeEndArray();
            }
            case Boolean b -> json.writeBoolean(b);
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case java.math.BigInteger i -> json.writeNumber(i);
            case java.math.BigDecimal d -> json.writeNumber(d);
            case Number n -> json.writeNumber(n.doubleValue());
            default -> json.writeString(value.toString());
        }
    }

    /** Go's {@code time.RFC3339Nano}: {@code 2006-01-02T15:04:05.999999999Z07:00}. */
    static String rfc3339Nano(Instant time, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(time);
        LocalDateTime local = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, offset);
        StringBuilder text = new StringBuilder(35);
        pad(text, local.getYear(), 4).append('-');
        pad(text, local.getMonthValue(), 2).append('-');
        pad(text, local.getDayOfMonth(), 2).append('T');
        pad(text, local.getHour(), 2).append(':');
        pad(text, local.getMinute(), 2).append(':');
        pad(text, local.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(text.append('.'), nanos, digits);
        }
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return text.append('Z').toString();
        }
        text.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        pad(text, minutes / 60, 2).append(':');
        return pad(text, minutes % 60, 2).toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        return text.repeat('0', width - digits.length()).append(digits);
    }

    /** Go's encoding/json escapes, beyond JSON's: {@code <>&}, {@code \b} and {@code \f} as code points, U+2028, U+2029. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            for (char c : new char[] {'<', '>', '&', '\b', '\f'}) {
                ASCII[c] = ESCAPE_CUSTOM;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x80 || ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
