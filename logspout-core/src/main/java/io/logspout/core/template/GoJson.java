package io.logspout.core.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
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
    /** The ASCII characters Go writes as they are: printable, except {@code " \\ < > &}. */
    private static final boolean[] SAFE = new boolean[0x80];

    static {
        for (char c = 0x20; c < 0x80; c++) {
            SAFE[c] = "\"\\<>&".indexOf(c) < 0;
        }
    }

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
            case Map<?, ?> map -> writeMap(map, out);
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

    /** Go sorts the keys as the strings they are written as, numbers included. */
    private static void writeMap(Map<?, ?> map, StringBuilder out) {
        Object[] keys = map.keySet().toArray();
        String[] names = new String[keys.length];
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < keys.length; i++) {
            names[i] = String.valueOf(keys[i]);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> GoFormat.compareCodePoints(names[a], names[b]));
        out.append('{');
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(names[order[i]], out);
            out.append(':');
            write(map.get(keys[order[i]]), out);
        }
        out.append('}');
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
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            String escape;
            if (c < 0x80) {
                if (SAFE[c]) {
                    continue;
                }
                escape = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
            } else if (c == '\u2028' || c == '\u2029') {
                escape = c == '\u2028' ? "\\u2028" : "\\u2029";
            } else if (!Character.isSurrogate(c)) {
                continue;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            } else {
                // A lone surrogate is not valid UTF-8; Go writes the replacement character.
                escape = "\\ufffd";
            }
            // Copy the run that needed no escape, then this character escaped.
            out.append(s, start, i);
            start = i + 1;
            if (escape != null) {
                out.append(escape);
            } else {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, length).append('"');
    }
}
