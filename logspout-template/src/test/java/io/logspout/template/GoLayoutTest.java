package io.logspout.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's reference-layout formatting, element by element (time.Time.Format). */
class GoLayoutTest {

    private static String format(String instant, String zone, String layout) {
        Instant time = Instant.parse(instant);
        StringBuilder out = new StringBuilder();
        GoLayout.of(layout).format(time.getEpochSecond(), time.getNano(), new GoZone(ZoneId.of(zone)), out);
        return out.toString();
    }

    /** Go's reference time itself, in a zone named MST at -0700, shows each element as written. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2006-01-02T15:04:05Z07:00|2006-01-02T15:04:05-07:00",
        "2006-01-02 15:04:05 -0700 MST|2006-01-02 15:04:05 -0700 MST",
        "Mon Jan _2 15:04:05 2006|Mon Jan  2 15:04:05 2006",
        "Monday, 02-Jan-06 15:04:05 MST|Monday, 02-Jan-06 15:04:05 MST",
        "January 2, 2006 3:04:05 PM|January 2, 2006 3:04:05 PM",
        "01/02/06 03:04:05pm|01/02/06 03:04:05pm",
        "-07:00 -07 -070000 -07:00:00|-07:00 -07 -070000 -07:00:00",
        "002 __2 _2006 2006|002   2 _2006 2006"})
    void theReferenceTime(String layout, String expected) {
        assertThat(format("2006-01-02T22:04:05Z", "America/Denver", layout)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // 2017-10-26 11:59:32.95 UTC, a Thursday, day 299 of the year
        "2017-10-26T11:59:32.950Z|2006|2017",
        "2017-10-26T11:59:32.950Z|06|17",
        "2017-10-26T11:59:32.950Z|1 01 Jan January|10 10 Oct October",
        "2017-10-26T11:59:32.950Z|2 02 _2|26 26 26",
        "2017-10-26T11:59:32.950Z|002 __2|299 299",
        "2017-10-26T11:59:32.950Z|15 3 03 PM pm|11 11 11 AM am",
        "2017-10-26T11:59:32.950Z|4 04 5 05|59 59 32 32",
        "2017-10-26T11:59:32.950Z|Mon Monday|Thu Thursday",
        "2017-10-26T11:59:32.950Z|MST|UTC",
        "2017-10-26T11:59:32.950Z|Z07:00 Z0700 Z07 Z070000 Z07:00:00|Z Z Z Z Z",
        "2017-10-26T11:59:32.950Z|-07:00 -0700 -07 -070000 -07:00:00|+00:00 +0000 +00 +000000 +00:00:00",
        "2017-10-26T11:59:32.950Z|05.000 05.00 05.0 05.999 05.9|32.950 32.95 32.9 32.95 32.9",
        "2017-10-26T11:59:32.950Z|05,000 05,999|32,950 32,95",
        "2017-10-26T11:59:32.950Z|.000000000 .999999999 .0000000000|.950000000 .95 .950000000",
        "2017-10-26T11:59:32.950Z|2006-01-02T15:04:05.999999999Z07:00|2017-10-26T11:59:32.95Z",
        "2017-10-26T11:59:32.950Z|2006-01-02 15:04:05.999999999 -0700 MST|2017-10-26 11:59:32.95 +0000 UTC",
        // Not elements: a lower-case letter after Jan/Mon, a digit after a fraction, "_2006".
        "2017-10-26T11:59:32.950Z|Janet Mond Month|Janet Mond Month",
        "2017-10-26T11:59:32.950Z|.991 1.5|.9910 10.32",
        "2017-10-26T11:59:32.950Z|_2006 x.9x|_2017 x.9x",
        "2017-10-26T11:59:32Z|05.999 .9|`32 `",
        // Midnight and noon on the 12-hour clock; a leap year's last day.
        "2020-02-29T00:00:00Z|3PM 03pm Jan _2 002|12AM 12am Feb 29 060",
        "2020-12-31T12:00:00Z|3 PM __2|12 PM 366",
        "2009-01-05T07:08:09Z|_2 2 __2 002 1|` 5 5   5 005 1`"})
    void elements(String instant, String layout, String expected) {
        assertThat(format(instant, "UTC", layout)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // Newfoundland: -03:30 in January (NST)
        "2009-01-05T07:08:09.000001Z|America/St_Johns|15:04:05.999999 Z07:00 Z0700 Z07 -07:00:00 MST|03:38:09.000001 -03:30 -0330 -03 -03:30:00 NST",
        "2009-01-05T07:08:09.000001Z|America/St_Johns|x.99 .000|x .000",
        "2017-10-26T11:59:32Z|Europe/Berlin|15:04 MST -0700|13:59 CEST +0200",
        "2017-12-26T11:59:32Z|Europe/Berlin|15:04 MST -0700|12:59 CET +0100",
        // Zones without a common abbreviation show the offset, as Go's zone database names them.
        "2017-10-26T11:59:32Z|America/Sao_Paulo|MST|-02",
        "2017-07-26T11:59:32Z|America/Sao_Paulo|MST|-03",
        "2017-07-26T11:59:32Z|Asia/Kolkata|MST Z07:00|IST +05:30",
        "2017-07-26T11:59:32Z|Australia/Lord_Howe|MST|+1030",
        "2017-07-26T11:59:32Z|+05:00|MST Z07:00|+0500 +05:00",
        "1969-12-31T23:59:59.5Z|UTC|2006-01-02 15:04:05.000 Mon|1969-12-31 23:59:59.500 Wed",
        "0001-01-01T00:00:00Z|UTC|2006-01-02 Monday 002|0001-01-01 Monday 001"})
    void zones(String instant, String zone, String layout, String expected) {
        assertThat(format(instant, zone, layout)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"GMT-03:00|-03", "GMT+05:30|+0530", "GMT+10:30|+1030", "CEST|CEST", "UTC|UTC"})
    void javaZoneNamesBecomeGoAbbreviations(String java, String go) {
        assertThat(GoZone.abbreviation(java)).isEqualTo(go);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2017-10-26T11:59:32Z|2017-10-26T13:59:32Z", "2017-10-29T00:59:59Z|2017-10-29T01:00:00Z"})
    void theCachedOffsetEndsAtTheNextTransition(String first, String second) {
        GoZone berlin = new GoZone(ZoneId.of("Europe/Berlin"));
        GoZone.Window before = berlin.at(Instant.parse(first).getEpochSecond());
        GoZone.Window after = berlin.at(Instant.parse(second).getEpochSecond());
        int expectedAfter = ZoneId.of("Europe/Berlin").getRules().getOffset(Instant.parse(second)).getTotalSeconds();
        assertThat(before.offsetSeconds()).isEqualTo(7200);
        assertThat(after.offsetSeconds()).isEqualTo(expectedAfter);
        assertThat(after.name()).isEqualTo(expectedAfter == 7200 ? "CEST" : "CET");
        assertThat(new GoZone(ZoneOffset.UTC).at(0).until()).isEqualTo(Long.MAX_VALUE);
    }
}
