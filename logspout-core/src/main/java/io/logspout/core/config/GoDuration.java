package io.logspout.core.config;

import io.logspout.api.ConfigException;
import java.time.Duration;

/**
 * Reads durations the way Go's {@code time.ParseDuration} does, because logspout's users already
 * have such values in their environment ({@code INACTIVITY_TIMEOUT=1m}): a sign, then one or
 * more decimal numbers each with a unit, such as {@code 300ms}, {@code 1.5h} or {@code 1h30m};
 * the units are {@code ns}, {@code us} (or {@code µs}, {@code μs}), {@code ms}, {@code s},
 * {@code m} and {@code h}; {@code 0} alone needs no unit. Values that Go rejects (a missing or
 * unknown unit, more than about 292 years) are rejected here too.
 */
public final class GoDuration {
    private static final long MAX_MAGNITUDE = Long.MIN_VALUE; // 2^63 read as unsigned, as Go's limit
    private static final long NANOSECOND = 1;
    private static final long MICROSECOND = 1_000 * NANOSECOND;
    private static final long MILLISECOND = 1_000 * MICROSECOND;
    private static final long SECOND = 1_000 * MILLISECOND;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private GoDuration() {
    }

    /**
     * Parses {@code value}, the setting of {@code variable}.
     *
     * @throws ConfigException naming the variable, the value and the accepted form
     */
    public static Duration parse(String variable, String value) {
        try {
            return Duration.ofNanos(parseNanos(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + "=" + value + " is not a duration (" + e.getMessage()
                    + "); use numbers with units ns, us, ms, s, m or h, e.g. 500ms, 30s, 1m, 1.5h or 1h30m, or 0");
        }
    }

    private static long parseNanos(String s) {
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == n) {
            throw new IllegalArgumentException("no number");
        }
        long total = 0; // unsigned
        while (i < n) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                throw new IllegalArgumentException("expected a number at \"" + s.substring(i) + "\"");
            }
            long whole = 0;
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                // Go stops at 2^63 for the integer part.
                if (Long.compareUnsigned(whole, Long.divideUnsigned(MAX_MAGNITUDE, 10)) > 0) {
                    throw new IllegalArgumentException("too large");
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, MAX_MAGNITUDE) > 0) {
                    throw new IllegalArgumentException("too large");
                }
                i++;
            }
            boolean digitsBefore = i > start;
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflowed = false;
                while (i < n && isDigit(s.charAt(i))) {
                    // Like Go, further digits are read but ignored once they no longer fit.
                    if (!overflowed) {
                        if (fraction > (Long.MAX_VALUE - 9) / 10) {
                            overflowed = true;
                        } else {
                            fraction = fraction * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                digitsAfter = i > fractionStart;
            }
            if (!digitsBefore && !digitsAfter) {
                throw new IllegalArgumentException("a number needs digits");
            }
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("missing unit");
            }
            long unit = unit(s.substring(unitStart, i));
            if (Long.compareUnsigned(whole, Long.divideUnsigned(MAX_MAGNITUDE, unit)) > 0) {
                throw new IllegalArgumentException("too large");
            }
            long component = whole * unit;
            if (fraction > 0) {
                // Go uses float64 here; it is nanosecond-exact for fractions of an hour.
                component += (long) (fraction * (unit / scale));
                if (Long.compareUnsigned(component, MAX_MAGNITUDE) > 0) {
                    throw new IllegalArgumentException("too large");
                }
            }
            total += component;
            if (Long.compareUnsigned(total, MAX_MAGNITUDE) > 0 || Long.compareUnsigned(total, component) < 0) {
                throw new IllegalArgumentException("too large");
            }
        }
        if (negative) {
            return -total; // 2^63 wraps to Long.MIN_VALUE, as in Go
        }
        if (total < 0) {
            throw new IllegalArgumentException("too large");
        }
        return total;
    }

    private static long unit(String unit) {
        return switch (unit) {
            case "ns" -> NANOSECOND;
            case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
            case "ms" -> MILLISECOND;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\"");
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
