package io.logspout.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one writer of Go's JSON against what Go writes: {@code json.MarshalIndent(v, "", "  ")}
 * and {@code time.RFC3339Nano}. Compact {@code json.Marshal} is in {@link GoValuesFormattingTest}.
 */
class GoJsonTest {

    private static Map<String, Object> struct(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    private static String time(Instant time, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        GoJson.appendTime(time, zone, out);
        return out.toString();
    }

    @Test
    void marshalIndentKeepsStructOrderAndWritesEmptyValuesOnOneLine() {
        Object value = struct("z", 1, "a", List.of(), "m", Map.of(), "list", Arrays.asList(1L, "x", null, true), "nested", struct("k", 2.5));

        // Go: json.MarshalIndent(struct{Z int; A []int; M map[string]int; List []any; Nested struct{K float64}}{...}, "", "  ")
        assertThat(GoJson.marshalIndent(value)).isEqualTo("""
                {
                  "z": 1,
                  "a": [],
                  "m": {},
                  "list": [
                    1,
                    "x",
                    null,
                    true
                  ],
                  "nested": {
                    "k": 2.5
                  }
                }""");
        assertThat(GoJson.marshalIndent(List.of())).isEqualTo("[]");
        assertThat(GoJson.marshalIndent("<&>")).isEqualTo("\"\\u003c\\u0026\\u003e\"");
    }

    @Test
    void marshalSortsMapKeysAndWritesNoSpaces() {
        assertThat(GoJson.marshal(struct("z", 1, "a", List.of(1, 2), "m", Map.of()))).isEqualTo("{\"a\":[1,2],\"m\":{},\"z\":1}");
    }

    @Test
    void anIndentedValueInsideAnObjectIsIndentedForItsDepth() {
        StringBuilder out = new StringBuilder("{\n  \"Container\": ");
        GoJson.appendIndented(struct("Id", "c1", "Args", List.of("a")), 1, out);
        out.append("\n}");

        assertThat(GoJson.marshalIndent(struct("Container", struct("Id", "c1", "Args", List.of("a"))))).isEqualTo(out.toString());
        assertThatThrownBy(() -> GoJson.appendIndented(1, -1, new StringBuilder())).hasMessageContaining("depth -1 is negative");
    }

    @Test
    void indentedAndCompactEscapeAlike() {
        String text = "<a href=\"x\">&</a>\t\u001b[1m\b\f\u2028 é\\ \uD800";
        String escaped = "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\t\\u001b[1m\\u0008\\u000c\\u2028 é\\\\ \\ufffd\"";

        assertThat(GoJson.marshal(text)).isEqualTo(escaped);
        assertThat(GoJson.marshalIndent(List.of(text))).isEqualTo("[\n  " + escaped + "\n]");
    }

    @Test
    void aValueGoRefusesMakesTheWholeIndentedResultNull() {
        assertThat(GoJson.marshalIndent(struct("a", List.of(Double.NaN)))).isEqualTo("null");
    }

    @Test
    void timesAreRfc3339NanoWithTrailingZerosDroppedInTheGivenZone() {
        assertThat(time(Instant.parse("2021-12-03T10:15:30Z"), ZoneOffset.UTC)).isEqualTo("\"2021-12-03T10:15:30Z\"");
        assertThat(time(Instant.parse("2021-12-03T10:15:30.100Z"), ZoneOffset.UTC)).isEqualTo("\"2021-12-03T10:15:30.1Z\"");
        assertThat(time(Instant.parse("2021-12-03T10:15:30.000000001Z"), ZoneOffset.UTC)).isEqualTo("\"2021-12-03T10:15:30.000000001Z\"");
        assertThat(time(Instant.parse("2021-12-03T10:15:30.5Z"), ZoneId.of("Europe/Paris"))).isEqualTo("\"2021-12-03T11:15:30.5+01:00\"");
        assertThat(time(Instant.parse("2021-07-03T10:15:30Z"), ZoneId.of("America/St_Johns"))).isEqualTo("\"2021-07-03T07:45:30-02:30\"");
        assertThat(time(Instant.parse("1969-12-31T23:59:59.999999999Z"), ZoneOffset.UTC)).isEqualTo("\"1969-12-31T23:59:59.999999999Z\"");
    }
}
