package io.logspout.core.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go logspout's {@code toJSON}: {@code json.Marshal}, compact, byte for byte. Map keys sorted,
 * {@code <}, {@code >} and {@code &} escaped as {@code &#92;u003c} {@code &#92;u003e}
 * {@code &#92;u0026}, U+2028 and U+2029 escaped, control characters as {@code &#92;u00XX} except {@code \n}
 * {@code \r} {@code \t} (the escapes of the Go releases logspout was built with; Go 1.22 also
 * writes {@code \b} and {@code \f}). A value Go cannot marshal (NaN, infinity) makes the whole
 * result {@code null}, as logspout's {@code toJSON} returns on error.
 */
final class GoJson {
    private static final Logger log = LoggerFactory.getLogger(GoJson.class);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Thrown inside only, for the values Go's encoder refuses. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private GoJson() {
    }

    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    /** Appends {@code toJSON value}. */
    static void append(Object value, StringBuilder out) {
        int start = out.length();
        try {
            write(value, out);
        } catch (Unsupported e) {
            out.setLength(start);
            out.append("null");
            if (log.isDebugEnabled()) {
                log.debug("error marshaling to JSON: {}", e.getMessage());
            }
        }
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> appendString(s, out);
            case Boolean b -> out.append(b.booleanValue());
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case Double d -> writeFloat(d, out);
            case Float f -> writeFloat(f, out);
            case BigDecimal d -> writeFloat(d.doubleValue(), out);
            case BigInteger i -> out.append(i);
            case Number n -> out.append(n.longValue());
            case GoTime time -> {
                out.append('"');
                time.appendTo(GoLayout.RFC3339_NANO, out);
                out.append('"');
            }
            case MessageView message -> {
                out.append('{');
                for (int i = 0; i < MessageView.FIELDS.size(); i++) {
                    String field = MessageView.FIELDS.get(i);
                    if (i > 0) {
                        out.append(',');
                    }
                    appendString(field, out);
                    out.append(':');
                    write(message.field(field), out);
                }
                out.append('}');
            }
            case Map<?, ?> map -> {
                // Go sorts the keys as the strings they are written as, numbers included.
                List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    entries.add(new SimpleImmutableEntry<>(String.valueOf(entry.getKey()), entry.getValue()));
                }
                entries.sort((a, b) -> GoFormat.compareCodePoints(a.getKey(), b.getKey()));
                out.append('{');
                for (int i = 0; i < entries.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendString(entries.get(i).getKey(), out);
                    out.append(':');
                    write(entries.get(i).getValue(), out);
                }
                out.append('}');
            }
            case Iterable<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(item, out);
                }
                out.append(']');
            }
            case byte[] bytes -> {
                // Go marshals []byte as base64.
                out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
            }
            default -> {
                if (value == GoValues.MISSING) {
                    out.append("null");
                } else if (value.getClass().isArray()) {
                    write(GoFormat.arrayToList(value), out);
                } else {
                    appendString(value.toString(), out);
                }
            }
        }
    }

    private static void writeFloat(Number value, StringBuilder out) {
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Unsupported("json: unsupported value: " + GoFormat.toText(value));
        }
        GoFormat.appendFloat(value, true, out);
    }

    /** A JSON string as Go's encoder writes it with HTML escaping on. */
    static void appendString(String s, StringBuilder out) {
        out.append('"');
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
                    out.append(c);
                    continue;
                }
                switch (c) {
                    case '"', '\\' -> out.append('\\').append(c);
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            } else if (c == '\u2028' || c == '\u2029') {
                out.append("\\u202").append(HEX[c & 0xF]);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    // A lone surrogate is not valid UTF-8; Go writes the replacement character.
                    out.append("\\ufffd");
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
