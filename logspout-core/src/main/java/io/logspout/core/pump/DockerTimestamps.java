package io.logspout.core.pump;

/**
 * Docker's log and event timestamps as nanoseconds since the epoch, read by hand because every
 * line carries one: {@code 2021-12-03T10:15:30.123456789Z} (RFC 3339 with up to nine fraction
 * digits, {@code Z} or a {@code +hh:mm} offset), from 1678 to 2261. No objects are made while
 * parsing.
 */
final class DockerTimestamps {
    /** What {@link #parse} returns for text that is not such a timestamp. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int DATE_TIME_LENGTH = 19; // 2006-01-02T15:04:05
    /** Nanoseconds since the epoch fit a long from 1677 to 2262 only. */
    private static final long MIN_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND;
    private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;

    private DockerTimestamps() {
    }

    /** The timestamp in {@code bytes[offset, offset + length)}, or {@link #INVALID}. */
    static long parse(byte[] bytes, int offset, int length) {
        if (length < DATE_TIME_LENGTH + 1) {
            return INVALID;
        }
        int p = offset;
        int year = digits(bytes, p, 4);
        int month = digits(bytes, p + 5, 2);
        int day = digits(bytes, p + 8, 2);
        int hour = digits(bytes, p + 11, 2);
        int minute = digits(bytes, p + 14, 2);
        int second = digits(bytes, p + 17, 2);
        byte t = bytes[p + 10];
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
                || hour < 0 || minute < 0 || second < 0
                || bytes[p + 4] != '-' || bytes[p + 7] != '-' || (t != 'T' && t != 't')
                || bytes[p + 13] != ':' || bytes[p + 16] != ':') {
            return INVALID;
        }
        int end = offset + length;
        p += DATE_TIME_LENGTH;
        long nanos = 0;
        if (bytes[p] == '.') {
            p++;
            int digitCount = 0;
            while (p < end && bytes[p] >= '0' && bytes[p] <= '9') {
                if (digitCount < 9) {
                    nanos = nanos * 10 + (bytes[p] - '0');
                }
                digitCount++;
                p++;
            }
            if (digitCount == 0) {
                return INVALID;
            }
            for (int i = digitCount; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (p >= end) {
            return INVALID;
        }
        long offsetSeconds;
        byte zone = bytes[p];
        if ((zone == 'Z' || zone == 'z') && p + 1 == end) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && p + 6 == end && bytes[p + 3] == ':') {
            int offsetHours = digits(bytes, p + 1, 2);
            int offsetMinutes = digits(bytes, p + 4, 2);
            if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
                return INVALID;
            }
            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (zone == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        long epochSeconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        if (epochSeconds <= MIN_SECONDS || epochSeconds >= MAX_SECONDS) {
            return INVALID; // Docker's "never", 0001-01-01, among others
        }
        return epochSeconds * NANOS_PER_SECOND + nanos;
    }

    /** The timestamp in {@code text}, or {@link #INVALID}; for the few that are not per line. */
    static long parse(String text) {
        if (text == null) {
            return INVALID;
        }
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                return INVALID;
            }
            bytes[i] = (byte) c;
        }
        return parse(bytes, 0, bytes.length);
    }

    /** {@code nanos} as the Docker API's {@code since} parameter wants it: {@code <seconds>.<nanoseconds>}. */
    static String since(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
        String digits = Long.toString(fraction);
        return seconds + "." + "0".repeat(9 - digits.length()) + digits;
    }

    /** The decimal number in {@code bytes[offset, offset + count)}, or -1 if any is not a digit. */
    private static int digits(byte[] bytes, int offset, int count) {
        int value = 0;
        for (int i = offset; i < offset + count; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
