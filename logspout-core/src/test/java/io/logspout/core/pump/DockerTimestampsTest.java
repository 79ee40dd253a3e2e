package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2021-12-03T10:15:30.123456789Z",
        "2026-11-24T20:21:36.993291339Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.5Z",
        "2000-02-29T12:00:00.1Z",
        "2024-02-29T23:59:59.999999999Z",
        "2100-03-01T00:00:00.000000001Z",
        "2021-12-03T10:15:30.123+02:00",
        "2021-12-03T00:15:30.000000042-05:30",
        "2021-12-03t10:15:30z",
    })
    void readsRfc3339TimestampsToTheNanosecond(String text) {
        Instant expected = OffsetDateTime.parse(text.toUpperCase()).toInstant();

        assertThat(DockerTimestamps.parse(text)).isEqualTo(expected.getEpochSecond() * 1_000_000_000L + expected.getNano());
    }

    @Test
    void readsATimestampInsideABuffer() {
        byte[] bytes = "xx2021-12-03T10:15:30.5Z yy".getBytes();

        assertThat(DockerTimestamps.parse(bytes, 2, 22)).isEqualTo(DockerTimestamps.parse("2021-12-03T10:15:30.5Z"));
    }

    @Test
    void ignoresFractionDigitsBeyondNanoseconds() {
        assertThat(DockerTimestamps.parse("2021-12-03T10:15:30.1234567899Z")).isEqualTo(DockerTimestamps.parse("2021-12-03T10:15:30.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "2021-12-03",
        "2021-12-03T10:15:30",
        "2021-12-03T10:15:30.Z",
        "2021-13-03T10:15:30Z",
        "2021-12-03T24:15:30Z",
        "2021-12-03 10:15:30Z",
        "2021-12-03T10:15:30.123Zx",
        "2021-12-03T10:15:30+0200",
        "not-a-timestamp-at-all",
        "2021-12-03T10:15:30.12a4Z",
        "0001-01-01T00:00:00Z",
        "2300-01-01T00:00:00Z",
    })
    void rejectsWhatIsNotATimestamp(String text) {
        assertThat(DockerTimestamps.parse(text)).isEqualTo(DockerTimestamps.INVALID);
    }

    @Test
    void writesSinceAsSecondsAndNineDigitsOfNanoseconds() {
        assertThat(DockerTimestamps.since(1_638_526_530_000_000_042L)).isEqualTo("1638526530.000000042");
        assertThat(DockerTimestamps.since(1_638_526_530_123_456_789L)).isEqualTo("1638526530.123456789");
        assertThat(DockerTimestamps.since(0)).isEqualTo("0.000000000");
    }
}
