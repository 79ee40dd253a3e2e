package io.logspout.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go's {@code encoding/json} as logspout writes it, the one place for it: the template function
 * {@code toJSON} ({@link #marshal}), the routes API and {@code /health} ({@link #marshalIndent}) and
 * the live JSON stream ({@link #appendIndented}, {@link #appendString}, {@link #appendTime}), so
 * their bytes cannot drift apart.
 *
 * <p>Strings are escaped as Go escapes them with HTML escaping on: {@code <}, {@code >} and
 * {@code &} as {@code &#92;u003c} {@code &#92;u003e} {@code &#92;u0026}, U+2028 and U+2029 escaped,
 * control characters as {@code &#92;u00xx} except {@code \n} {@code \r} {@code \t} (the escapes
 * of the Go releases logspout was built with; Go 1.22 also writes {@code \b} and {@code \f}), a
 * lone surrogate as U+FFFD. Floats have Go's shortest form ({@code 1e+21}); times are RFC 3339
 * with nanoseconds, trailing zeros dropped. A value Go cannot marshal (NaN, infinity) makes the
 * whole result {@code null}, as logspout's {@code toJSON} returns on error.
 *
 * <p>Values are what Jackson parses JSON into and what templates see: maps, iterables, arrays,
 * strings, numbers, booleans and {@code null}; anything else is written as its {@code toString()}.
 */
public final class GoJson {
    private static final Logger log = LoggerFactory.getLogger(GoJson.class);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The ASCII characters Go writes as they are: printable, except {@code " \\ < > &}. */
    private static final boolean[] SAFE = new boolean[0x80];
    /** The depth of compact output, which has no line breaks and sorts map keys. */
    private static final int COMPACT = -1;
    private static final String INDENT = "  ";

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

    /** {@code json.Marshal(value)}: compact, map keys sorted as Go sorts a map's. */
    public static String marshal(Object value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    /** Appends {@link #marshal marshal(value)}. */
    public static void append(Object value, StringBuilder out) {
        appendAt(value, COMPACT, out);
    }

    /**
     * {@code json.MarshalIndent(value, "", "  ")}. Maps keep their own order: the maps written
     * indented stand for the Go structs logspout marshals (a route, Docker's inspect object, whose
     * nested maps Docker sends sorted), whose fields Go writes in declaration order.
     */
    public static String marshalIndent(Object value) {
        StringBuilder out = new StringBuilder();
        appendIndented(value, 0, out);
        return out.toString();
    }

    /**
     * Appends {@link #marshalIndent marshalIndent(value)} as the value of a member {@code depth}
     * levels deep: its inner lines are indented {@code depth + 1} times, its closing bracket
     * {@code depth} times.
     */
    public static void appendIndented(Object value, int depth, StringBuilder out) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " is negative");
        }
        appendAt(value, depth, out);
    }

    /** Appends a time as a JSON string: Go's {@code time.RFC3339Nano} in {@code zone}. */
    public static void appendTime(Instant time, ZoneId zone, StringBuilder out) {
        out.append('"');
        GoLayout.RFC3339_NANO.format(time.getEpochSecond(), time.getNano(), GoZone.of(zone), out);
        out.append('"');
    }

    private static void appendAt(Object value, int depth, StringBuilder out) {
        int start = out.length();
        try {
            write(value, depth, out);
        } catch (Unsupported e) {
            out.setLength(start);
            out.append("null");
            if (log.isDebugEnabled()) {
                log.debug("error marshaling to JSON: {}", e.getMessage());
            }
        }
    }

    private static void write(Object value, int depth, StringBuilder out) {
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
                    member(i, depth, out);
                    key(field, depth, out);
                    write(message.field(field), inner(depth), out);
                }
                close('}', MessageView.FIELDS.size(), depth, out);
            }
            case Map<?, ?> map -> writeMap(map, depth, out);
            case Iterable<?> items -> {
                out.append('[');
                int count = 0;
                for (Object item : items) {
                    member(count++, depth, out);
                    write(item, inner(depth), out);
                }
                close(']', count, depth, out);
            }
            case byte[] bytes -> {
                // Go marshals []byte as base64.
                out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
            }
            default -> {
                if (value == GoValues.MISSING) {
                    out.append("null");
                } else if (value.getClass().isArray()) {
                    write(GoFormat.arrayToList(value), depth, out);
                } else {
                    appendString(value.toString(), out);
                }
            }
        }
    }

    /** Compact: Go sorts the keys as the strings they are written as, numbers included. */
    private static void writeMap(Map<?, ?> map, int depth, StringBuilder out) {
        Object[] keys = map.keySet().toArray();
        String[] names = new String[keys.length];
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < keys.length; i++) {
            names[i] = String.valueOf(keys[i]);
            order[i] = i;
        }
        if (depth == COMPACT) {
            Arrays.sort(order, (a, b) -> GoFormat.compareCodePoints(names[a], names[b]));
        }
        out.append('{');
        for (int i = 0; i < order.length; i++) {
            member(i, depth, out);
            key(names[order[i]], depth, out);
            write(map.get(keys[order[i]]), inner(depth), out);
        }
        close('}', order.length, depth, out);
    }

    private static int inner(int depth) {
        return depth == COMPACT ? COMPACT : depth + 1;
    }

    /** What goes before the {@code index}th member of an object or array. */
    private static void member(int index, int depth, StringBuilder out) {
        if (index > 0) {
            out.append(',');
        }
        if (depth != COMPACT) {
            newline(depth + 1, out);
        }
    }

    private static void key(String name, int depth, StringBuilder out) {
        appendString(name, out);
        out.append(depth == COMPACT ? ":" : ": ");
    }

    /** Go writes an empty object or array as {@code {}} or {@code []}, indented or not. */
    private static void close(char bracket, int count, int depth, StringBuilder out) {
        if (count > 0 && depth != COMPACT) {
            newline(depth, out);
        }
        out.append(bracket);
    }

    private static void newline(int depth, StringBuilder out) {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append(INDENT);
        }
    }

    private static void writeFloat(Number value, StringBuilder out) {
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Unsupported("json: unsupported value: " + GoFormat.toText(value));
        }
        GoFormat.appendFloat(value, true, out);
    }

    /** Appends a JSON string as Go's encoder writes it with HTML escaping on. */
    public static void appendString(String s, StringBuilder out) {
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
