package io.logspout.template;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Go time layout ({@code "2006-01-02T15:04:05Z07:00"}) split once into literal text and
 * reference-time elements, following Go's {@code time.nextStdChunk} and {@code appendFormat}
 * exactly, so {@code .Time.Format} gives Go's bytes. Formatting allocates nothing.
 */
final class GoLayout {
    private static final int MAX_CACHED = 256;
    private static final ConcurrentHashMap<String, GoLayout> CACHE = new ConcurrentHashMap<>();

    private static final String[] MONTHS = {
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    static final GoLayout RFC3339_NANO = of("2006-01-02T15:04:05.999999999Z07:00");
    /** What Go's {@code Time.String()} uses. */
    static final GoLayout DEFAULT = of("2006-01-02 15:04:05.999999999 -0700 MST");

    private enum Std {
        LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
        UNDER_YEAR_DAY, ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND,
        ZERO_SECOND, LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ,
        ISO8601_TZ, ISO8601_SECONDS_TZ, ISO8601_SHORT_TZ, ISO8601_COLON_TZ, ISO8601_COLON_SECONDS_TZ,
        NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ,
        FRAC_ZERO, FRAC_NINE
    }

    /** The "Z" forms: Go writes {@code Z} for UTC. */
    private static final Set<Std> ISO8601 = EnumSet.of(
            Std.ISO8601_TZ, Std.ISO8601_SECONDS_TZ, Std.ISO8601_SHORT_TZ, Std.ISO8601_COLON_TZ, Std.ISO8601_COLON_SECONDS_TZ);
    private static final Set<Std> COLON = EnumSet.of(
            Std.ISO8601_COLON_TZ, Std.NUM_COLON_TZ, Std.ISO8601_COLON_SECONDS_TZ, Std.NUM_COLON_SECONDS_TZ);
    private static final Set<Std> SECONDS = EnumSet.of(
            Std.ISO8601_SECONDS_TZ, Std.NUM_SECONDS_TZ, Std.ISO8601_COLON_SECONDS_TZ, Std.NUM_COLON_SECONDS_TZ);

    /** {@code text} when {@code std} is null; otherwise a reference-time element. */
    private record Chunk(String text, Std std, int digits, char separator) {
    }

    private final Chunk[] chunks;

    private GoLayout(Chunk[] chunks) {
        this.chunks = chunks;
    }

    /** The compiled layout; layouts written in templates are few, so they are kept. */
    static GoLayout of(String layout) {
        GoLayout cached = CACHE.get(layout);
        if (cached != null) {
            return cached;
        }
        GoLayout compiled = compile(layout);
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(layout, compiled);
        }
        return compiled;
    }

    private static GoLayout compile(String layout) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < layout.length()) {
            Chunk std = stdAt(layout, i);
            if (std == null) {
                i++;
                continue;
            }
            // stdAt reports in digits how many characters the element spans (fractions: digits + 1).
            int length = std.text.length();
            if (i > start) {
                chunks.add(new Chunk(layout.substring(start, i), null, 0, ' '));
            }
            chunks.add(std);
            i += length;
            start = i;
        }
        if (start < layout.length()) {
            chunks.add(new Chunk(layout.substring(start), null, 0, ' '));
        }
        return new GoLayout(chunks.toArray(Chunk[]::new));
    }

    /** The element starting at {@code i}, its text holding the characters it spans; or null. */
    private static Chunk stdAt(String s, int i) {
        switch (s.charAt(i)) {
            case 'J':
                if (s.startsWith("Jan", i)) {
                    if (s.startsWith("January", i)) {
                        return std("January", Std.LONG_MONTH);
                    }
                    if (!startsWithLowerCase(s, i + 3)) {
                        return std("Jan", Std.MONTH);
                    }
                }
                return null;
            case 'M':
                if (s.startsWith("Mon", i)) {
                    if (s.startsWith("Monday", i)) {
                        return std("Monday", Std.LONG_WEEKDAY);
                    }
                    if (!startsWithLowerCase(s, i + 3)) {
                        return std("Mon", Std.WEEKDAY);
                    }
                }
                return s.startsWith("MST", i) ? std("MST", Std.TZ) : null;
            case '0':
                if (i + 1 < s.length() && s.charAt(i + 1) >= '1' && s.charAt(i + 1) <= '6') {
                    Std[] zeroes = {Std.ZERO_MONTH, Std.ZERO_DAY, Std.ZERO_HOUR12, Std.ZERO_MINUTE, Std.ZERO_SECOND, Std.YEAR};
                    return std(s.substring(i, i + 2), zeroes[s.charAt(i + 1) - '1']);
                }
                return s.startsWith("002", i) ? std("002", Std.ZERO_YEAR_DAY) : null;
            case '1':
                return s.startsWith("15", i) ? std("15", Std.HOUR) : std("1", Std.NUM_MONTH);
            case '2':
                return s.startsWith("2006", i) ? std("2006", Std.LONG_YEAR) : std("2", Std.DAY);
            case '_':
                if (s.startsWith("_2", i)) {
                    // "_2006" is a literal "_" followed by the year: the caller sees no element here.
                    return s.startsWith("_2006", i) ? null : std("_2", Std.UNDER_DAY);
                }
                return s.startsWith("__2", i) ? std("__2", Std.UNDER_YEAR_DAY) : null;
            case '3':
                return std("3", Std.HOUR12);
            case '4':
                return std("4", Std.MINUTE);
            case '5':
                return std("5", Std.SECOND);
            case 'P':
                return s.startsWith("PM", i) ? std("PM", Std.PM_UPPER) : null;
            case 'p':
                return s.startsWith("pm", i) ? std("pm", Std.PM_LOWER) : null;
            case '-':
                return firstOf(s, i, new String[] {"-070000", "-07:00:00", "-0700", "-07:00", "-07"},
                        new Std[] {Std.NUM_SECONDS_TZ, Std.NUM_COLON_SECONDS_TZ, Std.NUM_TZ, Std.NUM_COLON_TZ, Std.NUM_SHORT_TZ});
            case 'Z':
                return firstOf(s, i, new String[] {"Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"},
                        new Std[] {Std.ISO8601_SECONDS_TZ, Std.ISO8601_COLON_SECONDS_TZ, Std.ISO8601_TZ, Std.ISO8601_COLON_TZ, Std.ISO8601_SHORT_TZ});
            case '.', ',':
                return fraction(s, i);
            default:
                return null;
        }
    }

    private static Chunk std(String text, Std std) {
        return new Chunk(text, std, 0, ' ');
    }

    private static Chunk firstOf(String s, int i, String[] texts, Std[] stds) {
        for (int k = 0; k < texts.length; k++) {
            if (s.startsWith(texts[k], i)) {
                return std(texts[k], stds[k]);
            }
        }
        return null;
    }

    /** {@code .000}, {@code ,999}: a run of one digit kind that no further digit follows. */
    private static Chunk fraction(String s, int i) {
        if (i + 1 >= s.length() || (s.charAt(i + 1) != '0' && s.charAt(i + 1) != '9')) {
            return null;
        }
        char digit = s.charAt(i + 1);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == digit) {
            j++;
        }
        if (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            return null;
        }
        return new Chunk(s.substring(i, j), digit == '0' ? Std.FRAC_ZERO : Std.FRAC_NINE, j - i - 1, s.charAt(i));
    }

    private static boolean startsWithLowerCase(String s, int i) {
        return i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z';
    }

    /** Appends the time {@code epochSecond + nanos} in {@code zone} formatted with this layout. */
    void format(long epochSecond, int nanos, GoZone zone, StringBuilder out) {
        GoZone.Window window = zone.at(epochSecond);
        int offset = window.offsetSeconds();
        long local = epochSecond + offset;
        long days = Math.floorDiv(local, 86_400L);
        int secondOfDay = (int) Math.floorMod(local, 86_400L);
        int hour = secondOfDay / 3600;
        int minute = secondOfDay / 60 % 60;
        int second = secondOfDay % 60;
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm): no LocalDate per line.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYearFromMarch = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYearFromMarch + 2) / 153;
        int day = (int) (dayOfYearFromMarch - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        for (Chunk chunk : chunks) {
            if (chunk.std == null) {
                out.append(chunk.text);
                continue;
            }
            switch (chunk.std) {
                case YEAR -> appendInt(out, Math.abs(year) % 100, 2);
                case LONG_YEAR -> appendInt(out, year, 4);
                case MONTH -> out.append(MONTHS[month - 1], 0, 3);
                case LONG_MONTH -> out.append(MONTHS[month - 1]);
                case NUM_MONTH -> appendInt(out, month, 0);
                case ZERO_MONTH -> appendInt(out, month, 2);
                case WEEKDAY -> out.append(DAYS[(int) Math.floorMod(days + 4, 7L)], 0, 3);
                case LONG_WEEKDAY -> out.append(DAYS[(int) Math.floorMod(days + 4, 7L)]);
                case DAY -> appendInt(out, day, 0);
                case UNDER_DAY -> {
                    if (day < 10) {
                        out.append(' ');
                    }
                    appendInt(out, day, 0);
                }
                case ZERO_DAY -> appendInt(out, day, 2);
                case UNDER_YEAR_DAY -> {
                    int yearDay = yearDay(year, month, day);
                    if (yearDay < 100) {
                        out.append(yearDay < 10 ? "  " : " ");
                    }
                    appendInt(out, yearDay, 0);
                }
                case ZERO_YEAR_DAY -> appendInt(out, yearDay(year, month, day), 3);
                case HOUR -> appendInt(out, hour, 2);
                case HOUR12 -> appendInt(out, hour % 12 == 0 ? 12 : hour % 12, 0);
                case ZERO_HOUR12 -> appendInt(out, hour % 12 == 0 ? 12 : hour % 12, 2);
                case MINUTE -> appendInt(out, minute, 0);
                case ZERO_MINUTE -> appendInt(out, minute, 2);
                case SECOND -> appendInt(out, second, 0);
                case ZERO_SECOND -> appendInt(out, second, 2);
                case PM_UPPER -> out.append(hour >= 12 ? "PM" : "AM");
                case PM_LOWER -> out.append(hour >= 12 ? "pm" : "am");
                case TZ -> appendZoneName(out, window);
                case FRAC_ZERO, FRAC_NINE -> appendFraction(out, nanos, chunk);
                default -> appendOffset(out, chunk.std, offset);
            }
        }
    }

    private static int yearDay(long year, int month, int day) {
        int[] before = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return before[month - 1] + day + (leap && month > 2 ? 1 : 0);
    }

    private static void appendZoneName(StringBuilder out, GoZone.Window window) {
        if (!window.name().isEmpty()) {
            out.append(window.name());
            return;
        }
        int minutes = window.offsetSeconds() / 60;
        out.append(minutes < 0 ? '-' : '+');
        minutes = Math.abs(minutes);
        appendInt(out, minutes / 60, 2);
        appendInt(out, minutes % 60, 2);
    }

    private static void appendOffset(StringBuilder out, Std std, int offset) {
        if (offset == 0 && ISO8601.contains(std)) {
            out.append('Z');
            return;
        }
        int minutes = offset / 60;
        int absOffset = Math.abs(offset);
        out.append(minutes < 0 ? '-' : '+');
        minutes = Math.abs(minutes);
        appendInt(out, minutes / 60, 2);
        boolean colon = COLON.contains(std);
        if (colon) {
            out.append(':');
        }
        if (std != Std.NUM_SHORT_TZ && std != Std.ISO8601_SHORT_TZ) {
            appendInt(out, minutes % 60, 2);
        }
        if (SECONDS.contains(std)) {
            if (colon) {
                out.append(':');
            }
            appendInt(out, absOffset % 60, 2);
        }
    }

    /** Go's appendNano: {@code .000} always prints, {@code .999} drops trailing zeros. */
    private static void appendFraction(StringBuilder out, int nanos, Chunk chunk) {
        boolean trim = chunk.std == Std.FRAC_NINE;
        if (trim && (chunk.digits == 0 || nanos == 0)) {
            return;
        }
        int start = out.length();
        out.append(chunk.separator);
        appendInt(out, nanos, 9);
        if (chunk.digits < 9) {
            out.setLength(out.length() - 9 + chunk.digits);
        }
        if (trim) {
            int end = out.length();
            while (end > start && out.charAt(end - 1) == '0') {
                end--;
            }
            if (end > start && out.charAt(end - 1) == chunk.separator) {
                end--;
            }
            out.setLength(end);
        }
    }

    /** Go's appendInt: a sign, then at least {@code width} digits padded with zeros. */
    static void appendInt(StringBuilder out, long value, int width) {
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int pad = width - digits; pad > 0; pad--) {
            out.append('0');
        }
        out.append(value);
    }
}
