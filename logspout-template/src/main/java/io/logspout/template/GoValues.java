package io.logspout.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Go's template semantics over the Java values a template sees: field lookup, truth, and the
 * built-in functions {@code index}, {@code len}, {@code eq}. Both renderers (the segment list and
 * Pebble) evaluate through here, so they agree byte for byte.
 *
 * <p>Where Go would stop the template with an execution error (a field of a string, an index out
 * of range), these give {@link #MISSING}: a line is never lost to odd data.
 */
final class GoValues {
    /** A value that is not there: a missing map key. Go prints it as {@code <no value>}. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private GoValues() {
    }

    /** {@code receiver.name}: a map key (exact, then ignoring case), a time method, a message field. */
    static Object field(Object receiver, String name) {
        return switch (receiver) {
            case ContainerView view -> view.field(name);
            case MessageView message -> message.field(name);
            case Map<?, ?> map -> mapField(map, name);
            case GoTime time -> time.call(name, List.of());
            case null, default -> MISSING;
        };
    }

    /** {@code receiver.name arguments...}: only times have methods with arguments. */
    static Object method(Object receiver, String name, List<Object> arguments) {
        if (arguments.isEmpty()) {
            return field(receiver, name);
        }
        return receiver instanceof GoTime time ? time.call(name, arguments) : MISSING;
    }

    static Object mapField(Map<?, ?> map, String name) {
        Object value = map.get(name);
        if (value != null || map.containsKey(name)) {
            return value;
        }
        // Go's field names are Docker's JSON keys up to case: .Container.ID is "Id".
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() instanceof String key && key.equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return MISSING;
    }

    /** Go's truth: false, 0, "", nil, empty collections and missing values are false. */
    static boolean truth(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Double d -> d != 0;
            case Float f -> f != 0;
            case BigDecimal d -> d.signum() != 0;
            case BigInteger i -> i.signum() != 0;
            case Number n -> n.longValue() != 0;
            case Map<?, ?> m -> !m.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            default -> value != MISSING && (!value.getClass().isArray() || Array.getLength(value) > 0);
        };
    }

    /** Go's {@code index item keys...}. A missing map key gives "", the zero value of a label. */
    static Object index(Object item, List<Object> keys) {
        Object current = item;
        for (Object key : keys) {
            current = indexOnce(current, key);
            if (current == MISSING) {
                return MISSING;
            }
        }
        return current;
    }

    private static Object indexOnce(Object item, Object key) {
        if (key == null) {
            return MISSING;
        }
        if (item instanceof Map<?, ?> map) {
            Object value = map.get(key);
            return value != null || map.containsKey(key) ? value : "";
        }
        if (!(key instanceof Number number) || isFloat(number)) {
            return MISSING;
        }
        long i = number.longValue();
        if (item instanceof List<?> list) {
            return i >= 0 && i < list.size() ? list.get((int) i) : MISSING;
        }
        if (item instanceof String s) {
            // Go indexes a string by byte and yields the byte as a number.
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return i >= 0 && i < bytes.length ? (long) (bytes[(int) i] & 0xFF) : MISSING;
        }
        if (item != null && item.getClass().isArray()) {
            return i >= 0 && i < Array.getLength(item) ? Array.get(item, (int) i) : MISSING;
        }
        return MISSING;
    }

    /** Go's {@code len}: a string's length in UTF-8 bytes, a collection's size; 0 otherwise. */
    static long len(Object value) {
        return switch (value) {
            case String s -> Utf8.length(s);
            case Map<?, ?> m -> m.size();
            case Collection<?> c -> c.size();
            case null -> 0;
            default -> value.getClass().isArray() ? Array.getLength(value) : 0;
        };
    }

    /** Go's {@code eq a b c...}: a equals any of the others; numbers compare by value. */
    static boolean eq(Object first, List<Object> others) {
        for (Object other : others) {
            if (equal(first, other)) {
                return true;
            }
        }
        return false;
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isFloat(x) || isFloat(y)) {
                return x.doubleValue() == y.doubleValue();
            }
            if (x instanceof BigInteger || y instanceof BigInteger) {
                return new BigInteger(x.toString()).equals(new BigInteger(y.toString()));
            }
            return x.longValue() == y.longValue();
        }
        if (a == MISSING || b == MISSING) {
            return false;
        }
        return a == null ? b == null : a.equals(b);
    }

    /**
     * Go's {@code lt}/{@code le}/{@code gt}/{@code ge}: numbers by value, strings by bytes; null
     * for values Go cannot order (Go stops with an error there).
     */
    static Integer compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return isFloat(x) || isFloat(y) ? Double.compare(x.doubleValue(), y.doubleValue())
                    : new BigInteger(x.toString()).compareTo(new BigInteger(y.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return GoFormat.compareCodePoints(x, y);
        }
        return null;
    }

    /** Go's {@code print} (fmt.Sprint): a space between operands when neither is a string. */
    static String sprint(List<Object> values, boolean line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            boolean string = values.get(i) instanceof String;
            if (i > 0 && (line || (!string && !(values.get(i - 1) instanceof String)))) {
                out.append(' ');
            }
            GoFormat.print(values.get(i), out);
        }
        return line ? out.append('\n').toString() : out.toString();
    }

    static boolean isFloat(Number n) {
        return n instanceof Double || n instanceof Float || n instanceof BigDecimal;
    }

    /**
     * What {@code range} walks, as (key, element) pairs: a map in Go's sorted key order, a list
     * with its indexes, a number n as 0..n-1; nothing for anything else.
     */
    static List<Map.Entry<Object, Object>> range(Object value) {
        List<Map.Entry<Object, Object>> items = new ArrayList<>();
        switch (value) {
            case Map<?, ?> map -> {
                for (Object key : GoFormat.sortedKeys(map)) {
                    items.add(new SimpleImmutableEntry<>(key, map.get(key)));
                }
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    items.add(new SimpleImmutableEntry<>((long) i, list.get(i)));
                }
            }
            case Number n when !isFloat(n) -> {
                for (long i = 0; i < n.longValue(); i++) {
                    items.add(new SimpleImmutableEntry<>(i, i));
                }
            }
            case null -> {
            }
            default -> {
                if (value.getClass().isArray()) {
                    for (int i = 0; i < Array.getLength(value); i++) {
                        items.add(new SimpleImmutableEntry<>((long) i, Array.get(value, i)));
                    }
                }
            }
        }
        return items;
    }
}
