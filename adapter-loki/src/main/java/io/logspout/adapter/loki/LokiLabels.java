package io.logspout.adapter.loki;

import io.logspout.api.ContainerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream's labels: {@code container_name}, {@code host}, {@code source} and the container
 * labels the route names, their names made valid Loki label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}:
 * every other character becomes {@code _}, a leading digit gets a {@code _} before it), so
 * {@code com.docker.compose.service} is {@code com_docker_compose_service}. A named label the
 * container lacks is left out (Loki drops empty labels anyway).
 */
final class LokiLabels {
    static final List<String> FIXED = List.of("container_name", "host", "source");

    private final String host;
    /** Container label key to Loki label name. */
    private final Map<String, String> selected = new LinkedHashMap<>();

    LokiLabels(String host, List<String> containerLabels) {
        this.host = host;
        containerLabels.forEach(key -> selected.put(key, name(key)));
    }

    /** The labels of the stream of {@code container}'s {@code source}. */
    Map<String, String> of(ContainerInfo container, String source) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container_name", container.bareName());
        labels.put("host", host);
        labels.put("source", source);
        selected.forEach((key, name) -> {
            String value = container.labels().get(key);
            if (value != null && !value.isEmpty()) {
                labels.put(name, value);
            }
        });
        return labels;
    }

    /** {@code key} as a Loki label name. */
    static String name(String key) {
        StringBuilder name = new StringBuilder(key.length() + 1);
        if (key.isEmpty() || key.charAt(0) >= '0' && key.charAt(0) <= '9') {
            name.append('_');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            name.append(valid ? c : '_');
        }
        return name.toString();
    }
}
