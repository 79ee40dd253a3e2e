package io.logspout.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * logspout's JSON form of a {@link Route}, the one of its routes API and its route files:
 * keys in the order {@code id, filter_id, filter_name, filter_sources, filter_labels, adapter,
 * address, options}, empty filters and options left out, options sorted by key, indented as Go's
 * {@code json.MarshalIndent(route, "", "  ")} with its escapes of {@code < > &}.
 */
public final class RouteJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(FACTORY);
    private static final DefaultPrettyPrinter GO_INDENT = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private RouteJson() {
    }

    /** The route as logspout writes it, without a trailing newline (its route files have none). */
    public static String write(Route route) {
        return generate(generator -> writeRoute(route, generator));
    }

    /** The routes as a JSON array; {@code []} when there are none. */
    public static String write(List<Route> routes) {
        return generate(generator -> {
            generator.writeStartArray();
            for (Route route : routes) {
                writeRoute(route, generator);
            }
            generator.writeEndArray();
        });
    }

    /** Writes JSON with Go's indentation and escapes, for other answers in the same style. */
    public static String generate(JsonWriter writer) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.setPrettyPrinter(goIndent());
            generator.setCharacterEscapes(GoEscapes.INSTANCE);
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes one JSON value to a generator. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    private static PrettyPrinter goIndent() {
        return GO_INDENT.createInstance();
    }

    private static void writeRoute(Route route, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("id", route.id());
        writeIfPresent(generator, "filter_id", route.filterId());
        writeIfPresent(generator, "filter_name", route.filterName());
        writeIfPresent(generator, "filter_sources", route.filterSources());
        writeIfPresent(generator, "filter_labels", route.filterLabels());
        generator.writeStringField("adapter", route.adapter());
        generator.writeStringField("address", route.address());
        if (!route.options().isEmpty()) {
            generator.writeObjectFieldStart("options");
            for (Map.Entry<String, String> option : route.options().entrySet()) {
                generator.writeStringField(option.getKey(), option.getValue());
            }
            generator.writeEndObject();
        }
        generator.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator generator, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            generator.writeStringField(name, value);
        }
    }

    private static void writeIfPresent(JsonGenerator generator, String name, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            generator.writeArrayFieldStart(name);
            for (String value : values) {
                generator.writeString(value);
            }
            generator.writeEndArray();
        }
    }

    /**
     * Reads a route as logspout does: unknown keys are ignored, {@code null} counts as absent,
     * anything after the first value is ignored.
     *
     * @throws ConfigException naming the problem (the position of a syntax error, the key of a
     *     value of the wrong type)
     */
    public static Route parse(byte[] json) {
        JsonNode tree;
        try {
            tree = READER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String detail = e.getOriginalMessage();
            int marker = detail.indexOf(" (start marker at ");
            // Jackson describes where an unclosed object began with its source's internals; the position above says enough.
            throw new ConfigException("malformed JSON" + where + ": " + (marker < 0 ? detail : detail.substring(0, marker)), e);
        } catch (IOException e) {
            throw new ConfigException("malformed JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ConfigException("empty body; send a route as a JSON object, e.g. {\"adapter\":\"syslog\",\"address\":\"logs.example.com:514\"}");
        }
        if (!tree.isObject()) {
            throw new ConfigException("a route is a JSON object, not " + describe(tree));
        }
        return Route.builder()
                .id(string(tree, "id"))
                .filterId(string(tree, "filter_id"))
                .filterName(string(tree, "filter_name"))
                .filterSources(strings(tree, "filter_sources"))
                .filterLabels(strings(tree, "filter_labels"))
                .adapter(string(tree, "adapter"))
                .address(string(tree, "address"))
                .options(options(tree))
                .build();
    }

    private static String string(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new ConfigException("\"" + key + "\" must be a string, not " + describe(value));
        }
        return value.textValue();
    }

    private static List<String> strings(JsonNode tree, String key) {
        JsonNode value = tree.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException("\"" + key + "\" must be an array of strings, not " + describe(value));
        }
        List<String> result = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ConfigException("\"" + key + "\" must be an array of strings; it holds " + describe(item));
            }
            result.add(item.textValue());
        }
        return result;
    }

    private static Map<String, String> options(JsonNode tree) {
        JsonNode value = tree.get("options");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new ConfigException("\"options\" must be an object of strings, not " + describe(value));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> option : value.properties()) {
            if (!option.getValue().isTextual()) {
                throw new ConfigException("option \"" + option.getKey() + "\" must be a string, not " + describe(option.getValue()));
            }
            result.put(option.getKey(), option.getValue().textValue());
        }
        return result;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number (" + node + ")";
            case BOOLEAN -> "a boolean (" + node + ")";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Go's json escapes where they differ from Jackson's: {@code < > &}, U+2028 and U+2029, and
     * control characters other than {@code \n \r \t} as {@code \}{@code u00xx} in lowercase hex.
     */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        static final GoEscapes INSTANCE = new GoEscapes();
        private final int[] escapes = standardAsciiEscapesForJSON();
        private final SerializableString[] sequences = new SerializableString[0x80];

        private GoEscapes() {
            for (char c = 0; c < 0x80; c++) {
                if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == '<' || c == '>' || c == '&') {
                    escapes[c] = ESCAPE_CUSTOM;
                    sequences[c] = new SerializedString(String.format("\\u%04x", (int) c));
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < sequences.length) {
                return sequences[ch];
            }
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
