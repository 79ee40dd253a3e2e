package io.logspout.template;

import java.util.List;
import java.util.Set;

/**
 * The value of {@code .Time}: an instant in a zone with the methods of Go's {@code time.Time}
 * that templates use. Immutable.
 *
 * @param seconds seconds since the epoch
 * @param nanos nanoseconds within the second, 0 to 999,999,999
 * @param zone the zone the time is shown in
 * @param local the zone {@link #call Local} switches to: the process's zone
 */
record GoTime(long seconds, int nanos, GoZone zone, GoZone local) {
    /** Go's methods available on {@code .Time}, for compile-time checks and error messages. */
    static final Set<String> METHODS = Set.of("Format", "Unix", "UnixMilli", "UnixMicro", "UnixNano", "UTC", "Local", "String");

    static GoTime ofNanos(long epochNanos, GoZone zone) {
        return new GoTime(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L), zone, zone);
    }

    /** How many arguments {@code method} takes. */
    static int arity(String method) {
        return method.equals("Format") ? 1 : 0;
    }

    /** Calls a method; wrong arguments give {@link GoValues#MISSING}, as rendering must not fail. */
    Object call(String method, List<Object> arguments) {
        if (!METHODS.contains(method) || arguments.size() != arity(method)) {
            return GoValues.MISSING;
        }
        return switch (method) {
            case "Format" -> arguments.get(0) instanceof String layout ? format(GoLayout.of(layout)) : GoValues.MISSING;
            case "Unix" -> seconds;
            case "UnixMilli" -> seconds * 1_000L + nanos / 1_000_000;
            case "UnixMicro" -> seconds * 1_000_000L + nanos / 1_000;
            case "UnixNano" -> seconds * 1_000_000_000L + nanos;
            case "UTC" -> new GoTime(seconds, nanos, GoZone.UTC, local);
            case "Local" -> new GoTime(seconds, nanos, local, local);
            default -> toString();
        };
    }

    String format(GoLayout layout) {
        StringBuilder out = new StringBuilder(32);
        layout.format(seconds, nanos, zone, out);
        return out.toString();
    }

    void appendTo(GoLayout layout, StringBuilder out) {
        layout.format(seconds, nanos, zone, out);
    }

    /** Go's {@code Time.String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
    @Override
    public String toString() {
        return format(GoLayout.DEFAULT);
    }
}
