package io.logspout.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.LogMessage;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's json.Marshal (toJSON) and fmt's %v (what an action prints), value by value. */
class GoValuesFormattingTest {

    private static String json(Object value) {
        return GoJson.marshal(value);
    }

    private static String print(Object value) {
        return GoFormat.toText(value);
    }

    @Test
    void jsonStringsAreEscapedLikeGo() {
        assertThat(json("\"quoted\" back\\slash")).isEqualTo("\"\\\"quoted\\\" back\\\\slash\"");
        assertThat(json("<a href=\"x\">&amp;</a>")).isEqualTo("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"");
        assertThat(json("line\nfeed\rreturn\ttab")).isEqualTo("\"line\\nfeed\\rreturn\\ttab\"");
        assertThat(json("\u0000\u0001\b\f\u001b\u001f")).isEqualTo("\"\\u0000\\u0001\\u0008\\u000c\\u001b\\u001f\"");
        assertThat(json("del\u007f é ü 日本 \uD83D\uDE00")).as("DEL and non-ASCII pass").isEqualTo("\"del\u007f é ü 日本 \uD83D\uDE00\"");
        assertThat(json("sep\u2028par\u2029")).isEqualTo("\"sep\\u2028par\\u2029\"");
        assertThat(json("lone \uD800 and \uDC00")).as("invalid UTF-16 as Go's replacement").isEqualTo("\"lone \\ufffd and \\ufffd\"");
        assertThat(json("")).isEqualTo("\"\"");
    }

    @Test
    void jsonMapsHaveSortedKeysAndNestedValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("zeta", 1);
        map.put("alpha", Arrays.asList("x", null, 2L, true));
        map.put("Ünicode", Map.of());
        map.put("Beta", null);
        map.put("\uD83D\uDE00", "astral sorts after BMP, as in UTF-8");
        map.put("\uFFFD", "last BMP");
        assertThat(json(map)).isEqualTo("{\"Beta\":null,\"alpha\":[\"x\",null,2,true],\"zeta\":1,\"Ünicode\":{},"
                + "\"\uFFFD\":\"last BMP\",\"\uD83D\uDE00\":\"astral sorts after BMP, as in UTF-8\"}");
        assertThat(json(Map.of(10, "a", 9, "b"))).as("non-string keys sort as strings").isEqualTo("{\"10\":\"a\",\"9\":\"b\"}");
        assertThat(json(List.of())).isEqualTo("[]");
        assertThat(json(null)).isEqualTo("null");
        assertThat(json(GoValues.MISSING)).isEqualTo("null");
        assertThat(json(new String[] {"a", "b"})).isEqualTo("[\"a\",\"b\"]");
        assertThat(json(new int[] {1, 2})).isEqualTo("[1,2]");
        assertThat(json("hi".getBytes())).as("[]byte is base64").isEqualTo("\"aGk=\"");
        assertThat(json(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1", "1.5|1.5", "-2.25|-2.25", "100000000|100000000", "1e20|100000000000000000000", "1e21|1e+21",
        "1.5e300|1.5e+300", "0.000001|0.000001", "0.0000001|1e-7", "1.2e-10|1.2e-10", "0.1|0.1", "-0.0|-0", "0|0",
        "123456789.125|123456789.125"})
    void jsonFloats(double value, String expected) {
        assertThat(json(value)).isEqualTo(expected);
    }

    @Test
    void jsonRefusesWhatGoRefuses() {
        assertThat(json(Double.NaN)).isEqualTo("null");
        assertThat(json(Map.of("a", List.of(1.0, Double.POSITIVE_INFINITY)))).as("the whole value becomes null").isEqualTo("null");
        assertThat(json(0.1f)).as("float32 keeps its shortest digits").isEqualTo("0.1");
    }

    @Test
    void jsonOfTimesAndTheMessage() {
        GoTime time = GoTime.ofNanos(TemplateFixtures.TIME, new GoZone(java.time.ZoneId.of("Europe/Berlin")));
        assertThat(json(time)).isEqualTo("\"2017-10-26T13:59:32.95+02:00\"");
        LogMessage message = new LogMessage(TemplateFixtures.container(), "stderr", "x", TemplateFixtures.TIME);
        assertThat(json(new MessageView(message, GoZone.UTC))).startsWith("{\"Container\":{").endsWith(
                ",\"Source\":\"stderr\",\"Data\":\"x\",\"Time\":\"2017-10-26T11:59:32.95Z\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1", "1.5|1.5", "100000|100000", "1000000|1e+06", "1234567|1.234567e+06", "123456789|1.23456789e+08",
        "0.0001|0.0001", "0.00001|1e-05", "1e21|1e+21", "1e-300|1e-300", "-2.5|-2.5", "-0.0|-0", "3.0e100|3e+100"})
    void printedFloats(double value, String expected) {
        assertThat(print(value)).isEqualTo(expected);
    }

    @Test
    void printedValues() {
        assertThat(print(Double.NaN) + " " + print(Double.POSITIVE_INFINITY) + " " + print(Double.NEGATIVE_INFINITY)).isEqualTo("NaN +Inf -Inf");
        assertThat(print(null)).isEqualTo("<nil>");
        assertThat(print(GoValues.MISSING)).isEqualTo("<no value>");
        assertThat(print(true)).isEqualTo("true");
        assertThat(print(42L)).isEqualTo("42");
        assertThat(print(List.of("a b", "c"))).isEqualTo("[a b c]");
        assertThat(print(List.of())).isEqualTo("[]");
        assertThat(print(Map.of())).isEqualTo("map[]");
        assertThat(print(new TreeMap<>(Map.of("b", List.of(1, 2), "a", Map.of("x", "y"))))).isEqualTo("map[a:map[x:y] b:[1 2]]");
        assertThat(print(Map.of(10, "c", 2, "b", 1, "a"))).as("number keys in numeric order").isEqualTo("map[1:a 2:b 10:c]");
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("k", null);
        assertThat(print(withNull)).isEqualTo("map[k:<nil>]");
        assertThat(print(new String[] {"x", "y"})).isEqualTo("[x y]");
        assertThat(print(new long[] {1, 2})).isEqualTo("[1 2]");
        assertThat(print(GoTime.ofNanos(1_000_000_000L, GoZone.UTC))).isEqualTo("1970-01-01 00:00:01 +0000 UTC");
    }

    @Test
    void truth() {
        for (Object falsy : Arrays.asList(null, GoValues.MISSING, false, 0, 0L, 0.0, "", List.of(), Map.of(), new String[0])) {
            assertThat(GoValues.truth(falsy)).as("%s", falsy).isFalse();
        }
        for (Object truthy : Arrays.asList(true, 1, -1L, 0.5, " ", List.of(0), Map.of("", ""), new int[1], GoTime.ofNanos(0, GoZone.UTC))) {
            assertThat(GoValues.truth(truthy)).as("%s", truthy).isTrue();
        }
    }

    @Test
    void equalityAndOrderFollowGo() {
        assertThat(GoValues.equal(14, 14L)).isTrue();
        assertThat(GoValues.equal(1L, 1.0)).isTrue();
        assertThat(GoValues.equal("a", "a")).isTrue();
        assertThat(GoValues.equal(GoValues.MISSING, GoValues.MISSING)).isFalse();
        assertThat(GoValues.equal(null, null)).isTrue();
        assertThat(GoValues.compare("a", "b")).isNegative();
        assertThat(GoValues.compare(2, 1.5)).isPositive();
        assertThat(GoValues.compare("1", 1)).isNull();
    }
}
