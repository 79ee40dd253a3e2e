package io.logspout.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.template.GoJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * logspout's JSON form of a {@link Route}, the one of its routes API and its route files:
 * keys in the order {@code id, filter_id, filter_name, filter_sources, filter_labels, adapter,
 * address, options}, empty filters and options left out, options sorted by key, written as Go's
 * {@code json.MarshalIndent(route, "", "  ")} ({@link GoJson}).
 */
public final class RouteJson {
    private static final ObjectMapper READER = new ObjectMapper();

    private RouteJson() {
    }

    /** The route as logspout writes it, without a trailing newline (its route files have none). */
    public static String write(Route route) {
        return GoJson.marshalIndent(fields(route));
    }

    /** The routes as a JSON array; {@code []} when there are none. */
    public static String write(List<Route> routes) {
        return GoJson.marshalIndent(routes.stream().map(RouteJson::fields).toList());
    }

    /** Go's struct fields in declaration order; the {@code omitempty} ones left out when empty. */
    private static Map<String, Object> fields(Route route) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", route.id());
        putUnlessEmpty(fields, "filter_id", route.filterId(), route.filterId().isEmpty());
        putUnlessEmpty(fields, "filter_name", route.filterName(), route.filterName().isEmpty());
        putUnlessEmpty(fields, "filter_sources", route.filterSources(), route.filterSources().isEmpty());
        putUnlessEmpty(fields, "filter_labels", route.filterLabels(), route.filterLabels().isEmpty());
        fields.put("adapter", route.adapter());
        fields.put("address", route.address());
        putUnlessEmpty(fields, "options", route.options(), route.options().isEmpty());
        return fields;
    }

    private static void putUnlessEmpty(Map<String, Object> fields, String name, Object value, boolean empty) {
        if (!empty) {
            fields.put(name, value);
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

    /**
     * The filters of a JSON object ({@code filter_id}, {@code filter_name}, {@code filter_sources},
     * {@code filter_labels}, as in a route), as a route that has only them: for requests that
     * narrow a route, such as a replay.
     *
     * @throws ConfigException naming the key whose value has the wrong type
     */
    public static Route filters(JsonNode tree) {
        return Route.builder()
                .filterId(string(tree, "filter_id"))
                .filterName(string(tree, "filter_name"))
                .filterSources(strings(tree, "filter_sources"))
                .filterLabels(strings(tree, "filter_labels"))
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
}
