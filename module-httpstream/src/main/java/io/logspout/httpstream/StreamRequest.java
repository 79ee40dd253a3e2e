package io.logspout.httpstream;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code /logs} request asks for, read from its URI: which containers ({@code /logs},
 * {@code /logs/id:<id>}, {@code /logs/name:<glob>}, {@code /logs/filter:<glob>}, the value
 * URL-decoded), which of their streams ({@code ?sources=} and {@code ?source=}, comma lists) and
 * whether to colour the text ({@code ?colors=off}) and whether JSON is compact ({@code ?json=compact}).
 *
 * @param target which kind of container selection
 * @param value the id prefix or glob; empty for {@link Target#ALL}
 * @param sources the sources to keep, empty for all
 * @param colors false with {@code colors=off}
 * @param compactJson true with {@code json=compact}: each JSON message on one line, its
 *     {@code Container} only {@code Id} and {@code Name}
 */
record StreamRequest(Target target, String value, List<String> sources, boolean colors, boolean compactJson) {
    static final String PATH = "/logs";
    private static final List<String> KNOWN_SOURCES = List.of("stdout", "stderr");

    enum Target { ALL, ID, NAME, FILTER }

    /** A query value the stream cannot serve; the message is the 400 answer's body. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code uri}.
     *
     * @return empty when the path is not one of the stream paths (404)
     * @throws BadRequest when a query value is not understood (400)
     */
    static Optional<StreamRequest> parse(String uri) throws BadRequest {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path;
        Map<String, List<String>> query;
        try {
            path = decoder.path();
            query = decoder.parameters();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed URL encoding in " + uri + ": " + e.getMessage());
        }
        Target target;
        String value = "";
        if (path.equals(PATH)) {
            target = Target.ALL;
        } else if (path.startsWith(PATH + "/")) {
            String selector = path.substring(PATH.length() + 1);
            int colon = selector.indexOf(':');
            if (colon < 0 || colon == selector.length() - 1 || selector.indexOf('/') >= 0) {
                return Optional.empty();
            }
            target = switch (selector.substring(0, colon)) {
                case "id" -> Target.ID;
                case "name" -> Target.NAME;
                case "filter" -> Target.FILTER;
                default -> null;
            };
            if (target == null) {
                return Optional.empty();
            }
            value = selector.substring(colon + 1);
        } else {
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>();
        addSources(query, "sources", sources);
        addSources(query, "source", sources);
        List<String> colors = query.getOrDefault("colors", List.of());
        List<String> json = query.getOrDefault("json", List.of());
        if (!json.isEmpty() && !json.equals(List.of("compact"))) {
            throw new BadRequest("json=" + String.join(",", json) + " is not a JSON layout; use json=compact, or leave it out for logspout's indented JSON");
        }
        return Optional.of(new StreamRequest(target, value, List.copyOf(sources), !(colors.size() == 1 && colors.getFirst().equals("off")),
                !json.isEmpty()));
    }

    private static void addSources(Map<String, List<String>> query, String key, List<String> sources) throws BadRequest {
        for (String list : query.getOrDefault(key, List.of())) {
            for (String source : list.split(",")) {
                String trimmed = source.strip();
                if (trimmed.isEmpty() || sources.contains(trimmed)) {
                    continue;
                }
                if (!KNOWN_SOURCES.contains(trimmed)) {
                    throw new BadRequest(key + "=" + list + ": unknown source '" + trimmed + "'; use stdout, stderr or stdout,stderr");
                }
                sources.add(trimmed);
            }
        }
    }

    /**
     * The container name glob, for {@code name:} and {@code filter:}. {@code filter:} takes a
     * glob, or a plain word matched anywhere in the name as logspout's first {@code filter:}
     * did ({@code filter:db} is {@code *db*}).
     */
    String nameGlob() {
        return switch (target) {
            case NAME -> value;
            case FILTER -> value.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\') ? value : "*" + value + "*";
            default -> "";
        };
    }

    /**
     * Whether lines carry the container name (logspout's {@code MultiContainer}): for all
     * containers, for {@code filter:}, and for a {@code name:} glob with a {@code *}; a single
     * container's lines are bare.
     */
    boolean multiContainer() {
        return switch (target) {
            case ALL, FILTER -> true;
            case NAME -> value.indexOf('*') >= 0;
            case ID -> false;
        };
    }
}
