package io.logspout.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteJsonTest {
    private static final Route FULL = Route.builder()
            .id("3631c027fb1b")
            .filterId("abc")
            .filterName("*_db")
            .filterSources(List.of("stdout"))
            .filterLabels(List.of("com.example.foo:bar*", "a:b"))
            .adapter("syslog")
            .address("logs.example.com:514")
            .options(Map.of("structured_data", "x", "append_tag", ".db"))
            .build();

    private static Route parse(String json) {
        return RouteJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesLogspoutsKeysInOrderWithGoIndentationAndSortedOptions() {
        assertThat(RouteJson.write(FULL)).isEqualTo("""
                {
                  "id": "3631c027fb1b",
                  "filter_id": "abc",
                  "filter_name": "*_db",
                  "filter_sources": [
                    "stdout"
                  ],
                  "filter_labels": [
                    "com.example.foo:bar*",
                    "a:b"
                  ],
                  "adapter": "syslog",
                  "address": "logs.example.com:514",
                  "options": {
                    "append_tag": ".db",
                    "structured_data": "x"
                  }
                }""");
    }

    @Test
    void leavesOutEmptyFiltersAndOptionsButAlwaysWritesIdAdapterAndAddress() {
        Route bare = Route.builder().adapter("raw+tcp").address("h:1").build();

        assertThat(RouteJson.write(bare)).isEqualTo("""
                {
                  "id": "",
                  "adapter": "raw+tcp",
                  "address": "h:1"
                }""");
    }

    @Test
    void writesListsAsArraysAndNoRoutesAsEmptyArray() {
        Route one = Route.builder().id("a").adapter("raw").address("h:1").build();

        assertThat(RouteJson.write(List.of())).isEqualTo("[]");
        assertThat(RouteJson.write(List.of(one, one.withId("b")))).isEqualTo("""
                [
                  {
                    "id": "a",
                    "adapter": "raw",
                    "address": "h:1"
                  },
                  {
                    "id": "b",
                    "adapter": "raw",
                    "address": "h:1"
                  }
                ]""");
    }

    @Test
    void escapesAsGoDoes() {
        Route route = Route.builder().id("x").adapter("raw").address("h:1")
                .option("format", "<a & b>\t\"q\"\\ \u001b \u2028 é").build();

        assertThat(RouteJson.write(route)).contains("\"format\": \"\\u003ca \\u0026 b\\u003e\\t\\\"q\\\"\\\\ \\u001b \\u2028 é\"");
    }

    @Test
    void readsWhatItWrites() {
        assertThat(RouteJson.parse(RouteJson.write(FULL).getBytes(StandardCharsets.UTF_8))).isEqualTo(FULL);
    }

    @Test
    void readsTheRoutesApiExampleIgnoringUnknownKeysAndNulls() {
        Route route = parse("""
                {"adapter":"syslog","address":"logaggregator:514","filter_name":"*_db",
                 "filter_sources":["stdout"],"filter_labels":["com.example.foo:bar*"],
                 "options":{"append_tag":".db"}, "source": {"x": 1}, "filter_id": null}
                """);

        assertThat(route).isEqualTo(Route.builder().adapter("syslog").address("logaggregator:514").filterName("*_db")
                .filterSources(List.of("stdout")).filterLabels(List.of("com.example.foo:bar*")).option("append_tag", ".db").build());
    }

    @Test
    void namesTheKeyOfAValueOfTheWrongType() {
        assertThatThrownBy(() -> parse("{\"adapter\": 5}")).isInstanceOf(ConfigException.class)
                .hasMessage("\"adapter\" must be a string, not a number (5)");
        assertThatThrownBy(() -> parse("{\"filter_sources\": \"stdout\"}"))
                .hasMessage("\"filter_sources\" must be an array of strings, not string");
        assertThatThrownBy(() -> parse("{\"filter_labels\": [\"a:b\", true]}"))
                .hasMessage("\"filter_labels\" must be an array of strings; it holds a boolean (true)");
        assertThatThrownBy(() -> parse("{\"options\": {\"append_tag\": [1]}}"))
                .hasMessage("option \"append_tag\" must be a string, not an array");
        assertThatThrownBy(() -> parse("{\"options\": []}"))
                .hasMessage("\"options\" must be an object of strings, not an array");
    }

    @Test
    void saysWhereJsonIsMalformed() {
        assertThatThrownBy(() -> parse("{\n  \"adapter\": \"raw\",\n  oops\n}")).isInstanceOf(ConfigException.class)
                .hasMessage("malformed JSON at line 3, column 3: Unexpected character ('o' (code 111)): was expecting double-quote to start field name");
        assertThatThrownBy(() -> parse("{\"adapter\": \"raw\"")).hasMessage("malformed JSON at line 1, column 18: Unexpected end-of-input: expected close marker for Object");
    }

    @Test
    void wantsAnObject() {
        assertThatThrownBy(() -> parse("")).hasMessageStartingWith("empty body; send a route as a JSON object");
        assertThatThrownBy(() -> parse("  ")).hasMessageStartingWith("empty body");
        assertThatThrownBy(() -> parse("[]")).hasMessage("a route is a JSON object, not an array");
        assertThatThrownBy(() -> parse("\"raw\"")).hasMessage("a route is a JSON object, not string");
    }
}
