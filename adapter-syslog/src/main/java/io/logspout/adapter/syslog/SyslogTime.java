package io.logspout.adapter.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Message times as syslog timestamps in the process's time zone: {@code .Timestamp}, Go's
 * {@code time.RFC3339} ({@code 2021-12-03T10:15:30Z}, {@code 2021-12-03T11:15:30+01:00}), and
 * {@code .TimestampMicro}, the same with six fractional digits
 * ({@code 2021-12-03T10:15:30.123456Z}), the most RFC 5424 allows.
 *
 * <p>Lines come in bursts within the same second, so the text of the last second is kept and a
 * line of that second costs no formatting and no allocation. Thread-safe: the cached second is
 * immutable and replacing it races harmlessly.
 */
final class SyslogTime {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** One second formatted: {@code 2021-12-03T10:15:30}, its zone suffix, and both joined, as text and bytes. */
    private record Second(long epochSecond, String dateTime, String zone, String text, byte[] dateTimeBytes, byte[] zoneBytes, byte[] bytes) {
    }

    private final ZoneRules rules;
    private Second last;

    SyslogTime(ZoneId zone) {
        this.rules = zone.getRules();
        this.last = format(0);
    }

    /** {@code .Timestamp} of a message time. */
    String seconds(long epochNanos) {
        return second(epochNanos).text;
    }

    void writeSeconds(long epochNanos, LineBuffer out) {
        out.write(second(epochNanos).bytes);
    }

    /** {@code .TimestampMicro} of a message time. */
    String micros(long epochNanos) {
        Second second = second(epochNanos);
        StringBuilder text = new StringBuilder(32).append(second.dateTime).append('.');
        int micros = microsOfSecond(epochNanos);
        for (int unit = 100_000; unit > 0; unit /= 10) {
            text.append((char) ('0' + micros / unit % 10));
        }
        return text.append(second.zone).toString();
    }

    void writeMicros(long epochNanos, LineBuffer out) {
        Second second = second(epochNanos);
        out.write(second.dateTimeBytes).writeByte('.');
        int micros = microsOfSecond(epochNanos);
        for (int unit = 100_000; unit > 0; unit /= 10) {
            out.writeByte('0' + micros / unit % 10);
        }
        out.write(second.zoneBytes);
    }

    private static int microsOfSecond(long epochNanos) {
        return (int) (Math.floorMod(epochNanos, NANOS_PER_SECOND) / 1_000);
    }

    private Second second(long epochNanos) {
        long epochSecond = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        Second cached = last;
        if (cached.epochSecond != epochSecond) {
            cached = format(epochSecond);
            last = cached;
        }
        return cached;
    }

    private Second format(long epochSecond) {
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        StringBuilder dateTime = new StringBuilder(19);
        year(time.getYear(), dateTime);
        two(dateTime.append('-'), time.getMonthValue());
        two(dateTime.append('-'), time.getDayOfMonth());
        two(dateTime.append('T'), time.getHour());
        two(dateTime.append(':'), time.getMinute());
        two(dateTime.append(':'), time.getSecond());
        String zone = zone(offset.getTotalSeconds());
        String text = dateTime + zone;
        return new Second(epochSecond, dateTime.toString(), zone, text, ascii(dateTime.toString()), ascii(zone), ascii(text));
    }

    /** Go's {@code 2006}: at least four digits, zero-padded, after the sign. */
    private static void year(int year, StringBuilder out) {
        if (year < 0) {
            out.append('-');
        }
        String digits = Integer.toString(Math.abs(year));
        out.append("0000", 0, Math.max(0, 4 - digits.length())).append(digits);
    }

    /** Go's {@code Z07:00}: {@code Z} for UTC, else the offset in hours and minutes (seconds dropped). */
    private static String zone(int offsetSeconds) {
        if (offsetSeconds == 0) {
            return "Z";
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        StringBuilder out = new StringBuilder(6).append(offsetSeconds < 0 ? '-' : '+');
        two(out, minutes / 60);
        two(out.append(':'), minutes % 60);
        return out.toString();
    }

    private static void two(StringBuilder out, int value) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
