package io.logspout.template;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A time zone as Go's {@code time.Location} presents it to {@code Format}: the UTC offset and
 * the abbreviation ({@code MST}) at an instant.
 *
 * <p>The offset of the last instant asked for is kept until the zone's next transition, so
 * formatting a stream of current times does no zone lookup per line. Thread-safe: the cached
 * window is immutable and replacing it races harmlessly.
 */
final class GoZone {
    static final GoZone UTC = new GoZone(ZoneOffset.UTC);
    private static final int MAX_CACHED = 64;
    private static final ConcurrentHashMap<ZoneId, GoZone> CACHE = new ConcurrentHashMap<>();

    /** The offset and abbreviation valid from {@code from} (inclusive) to {@code until}. */
    record Window(long from, long until, int offsetSeconds, String name) {
    }

    private final ZoneRules rules;
    private final TimeZone names;
    private final boolean fixedWithoutName;
    private volatile Window window;

    GoZone(ZoneId zone) {
        this.rules = zone.getRules();
        this.names = TimeZone.getTimeZone(zone);
        // Go prints a bare offset for a zone that has no name, like time.FixedZone("", offset).
        this.fixedWithoutName = zone instanceof ZoneOffset offset && offset.getTotalSeconds() != 0;
        this.window = compute(0);
    }

    /** The zone, kept for the next caller: a process formats times in few zones, each many times. */
    static GoZone of(ZoneId zone) {
        GoZone cached = CACHE.get(zone);
        if (cached != null) {
            return cached;
        }
        GoZone created = new GoZone(zone);
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(zone, created);
        }
        return created;
    }

    Window at(long epochSecond) {
        Window current = window;
        if (epochSecond >= current.from && epochSecond < current.until) {
            return current;
        }
        current = compute(epochSecond);
        window = current;
        return current;
    }

    private Window compute(long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        ZoneOffset offset = rules.getOffset(instant);
        ZoneOffsetTransition next = rules.nextTransition(instant);
        long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        String name = fixedWithoutName ? "" : abbreviation(names.getDisplayName(rules.isDaylightSavings(instant), TimeZone.SHORT, Locale.US));
        return new Window(epochSecond, until, offset.getTotalSeconds(), name);
    }

    /**
     * Java names zones without a common abbreviation {@code GMT-03:00}; Go's zone database calls
     * them {@code -03} (or {@code +0530} when minutes are needed).
     */
    static String abbreviation(String javaName) {
        if (javaName.length() == 9 && javaName.startsWith("GMT") && javaName.charAt(6) == ':') {
            String hours = javaName.substring(3, 6);
            String minutes = javaName.substring(7);
            return minutes.equals("00") ? hours : hours + minutes;
        }
        return javaName;
    }
}
