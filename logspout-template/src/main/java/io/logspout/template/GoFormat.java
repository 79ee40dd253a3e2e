package io.logspout.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prints values as Go's {@code fmt} does for {@code %v}, which is what a template action
 * writes: {@code map[a:1 b:2]} with sorted keys, {@code [a b]} for lists, {@code <nil>},
 * floats in Go's shortest {@code %g} form ({@code 1e+06}).
 */
final class GoFormat {
    /**
     * Go sorts map keys numerically when they are numbers and by their UTF-8 bytes otherwise;
     * code point order is UTF-8 byte order.
     */
    static final Comparator<Object> KEY_ORDER = (a, b) -> {
        Integer numeric = a instanceof Number && b instanceof Number ? GoValues.compare(a, b) : null;
        return numeric != null ? numeric : compareCodePoints(String.valueOf(a), String.valueOf(b));
    };

    private GoFormat() {
    }

    /** What {@code {{ value }}} writes. */
    static void print(Object value, StringBuilder out) {
        switch (value) {
            case String s -> out.append(s);
            case null -> out.append("<nil>");
            case Boolean b -> out.append(b.booleanValue());
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case Double d -> appendFloat(d, false, out);
            case Float f -> appendFloat(f, false, out);
            case BigDecimal d -> appendFloat(d.doubleValue(), false, out);
            case Map<?, ?> map -> {
                out.append("map[");
                boolean first = true;
                for (Object key : sortedKeys(map)) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    print(key, out);
                    out.append(':');
                    print(map.get(key), out);
                }
                out.append(']');
            }
            case Iterable<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    print(item, out);
                }
                out.append(']');
            }
            case MessageView message -> {
                out.append('{');
                for (int i = 0; i < MessageView.FIELDS.size(); i++) {
                    if (i > 0) {
                        out.append(' ');
                    }
                    print(message.field(MessageView.FIELDS.get(i)), out);
                }
                out.append('}');
            }
            default -> {
                if (value.getClass().isArray()) {
                    print(arrayToList(value), out);
                } else {
                    out.append(value);
                }
            }
        }
    }

    static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        print(value, out);
        return out.toString();
    }

    static List<Object> arrayToList(Object array) {
        int length = Array.getLength(array);
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            items.add(Array.get(array, i));
        }
        return items;
    }

    static List<Object> sortedKeys(Map<?, ?> map) {
        List<Object> keys = new ArrayList<>(map.keySet());
        keys.sort(KEY_ORDER);
        return keys;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * A float as Go's strconv writes it with the shortest digits: {@code %v} ('g', exponent form
     * when the exponent is below -4 or at least 6) or encoding/json ('f' unless the magnitude is
     * below 1e-6 or at least 1e21, exponent written without a leading zero).
     */
    static void appendFloat(Number number, boolean json, StringBuilder out) {
        double value = number.doubleValue();
        if (Double.isNaN(value)) {
            out.append("NaN");
            return;
        }
        if (Double.isInfinite(value)) {
            out.append(value > 0 ? "+Inf" : "-Inf");
            return;
        }
        if (value < 0 || (value == 0 && 1 / value < 0)) {
            out.append('-');
        }
        if (value == 0) {
            out.append('0');
            return;
        }
        // Java's toString gives the shortest digits that read back as the same float, like Go.
        String shortest = number instanceof Float f ? Float.toString(Math.abs(f)) : Double.toString(Math.abs(value));
        BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int point = digits.length() - decimal.scale();
        int exponent = point - 1;
        double magnitude = Math.abs(value);
        boolean exponentForm = json ? magnitude < 1e-6 || magnitude >= 1e21 : exponent < -4 || exponent >= 6;
        if (exponentForm) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int absExponent = Math.abs(exponent);
            if (absExponent < 10 && !(json && exponent < 0)) {
                out.append('0');
            }
            out.append(absExponent);
            return;
        }
        if (point <= 0) {
            out.append('0');
        } else {
            for (int i = 0; i < point; i++) {
                out.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        }
        int fraction = Math.max(digits.length() - point, 0);
        if (fraction > 0) {
            out.append('.');
            for (int i = 0; i < fraction; i++) {
                int j = point + i;
                out.append(j >= 0 && j < digits.length() ? digits.charAt(j) : '0');
            }
        }
    }
}
