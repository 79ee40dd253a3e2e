package io.logspout.adapter.loki;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loki's JSON push body, read strictly as Loki documents it: {@code {"streams": [{"stream":
 * {label: value}, "values": [["<ns>", "<line>", {structured metadata}?]]}]}}. An unknown field, a
 * value that is not a string, a timestamp that is not a decimal nanosecond count fails.
 */
record LokiPush(List<Stream> streams) {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    record Stream(Map<String, String> stream, List<List<Object>> values) {
    }

    /** One line as a test looks at it. */
    record Line(Map<String, String> labels, long timeNanos, String line, Map<String, String> metadata) {
    }

    static LokiPush decode(byte[] body) {
        try {
            LokiPush push = STRICT.readValue(body, LokiPush.class);
            push.lines(); // checks every value
            return push;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Stream stream : streams) {
            if (stream.stream() == null || stream.values() == null) {
                throw new IllegalArgumentException("a stream needs \"stream\" and \"values\"");
            }
            for (List<Object> value : stream.values()) {
                if (value.size() < 2 || value.size() > 3 || !(value.get(0) instanceof String time) || !(value.get(1) instanceof String line)) {
                    throw new IllegalArgumentException("a value is [\"<ns>\", \"<line>\", {metadata}?], not " + value);
                }
                Map<String, String> metadata = Map.of();
                if (value.size() == 3) {
                    if (!(value.get(2) instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
                        throw new IllegalArgumentException("structured metadata is an object of strings, not " + value.get(2));
                    }
                    metadata = (Map<String, String>) map;
                }
                lines.add(new Line(stream.stream(), Long.parseLong(time), line, metadata));
            }
        }
        return lines;
    }
}
