package io.logspout.template;

import io.logspout.api.ContainerInfo;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value of {@code .Container}: Docker's inspect object ({@link ContainerInfo#inspect()}),
 * with the fields that {@link ContainerInfo} carries itself taking precedence when set.
 *
 * <p>Why the overlay: a rename gives a new {@code ContainerInfo} with the new name but the old
 * inspect map, so {@code .Container.Name} must come from {@link ContainerInfo#name()}; and a
 * view built without an inspect answer still shows its id, name, image and labels. The view is
 * read-only and made per use; nothing is copied unless the whole container is printed.
 */
final class ContainerView extends AbstractMap<String, Object> {
    private enum Level {
        CONTAINER(List.of("Id", "Name", "Image", "Config", "State")),
        CONFIG(List.of("Hostname", "Image", "Labels", "Env", "Tty")),
        STATE(List.of("Pid"));

        final List<String> keys;

        Level(List<String> keys) {
            this.keys = keys;
        }
    }

    private final ContainerInfo info;
    private final Level level;
    private final Map<String, Object> inspect;

    private ContainerView(ContainerInfo info, Level level, Map<String, Object> inspect) {
        this.info = info;
        this.level = level;
        this.inspect = inspect;
    }

    static ContainerView of(ContainerInfo info) {
        return new ContainerView(info, Level.CONTAINER, info.inspect());
    }

    /** {@code .Container.<name>}: exact key first, then ignoring case ({@code ID} finds {@code Id}). */
    Object field(String name) {
        if (containsKey(name)) {
            return get(name);
        }
        for (String key : level.keys) {
            if (key.equalsIgnoreCase(name)) {
                return get(key);
            }
        }
        return GoValues.mapField(inspect, name);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && (level.keys.contains(name) || inspect.containsKey(name));
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name) || !level.keys.contains(name)) {
            return inspect.get(key);
        }
        Object own = own(name);
        if (own != null) {
            return own;
        }
        return inspect.containsKey(name) ? inspect.get(name) : unset(name);
    }

    /** The record's value for one of the level's keys, or null when the record leaves it unset. */
    private Object own(String key) {
        return switch (key) {
            case "Id" -> nonEmpty(info.id());
            case "Name" -> nonEmpty(info.name());
            case "Image" -> nonEmpty(level == Level.CONTAINER ? info.imageId() : info.image());
            case "Config" -> new ContainerView(info, Level.CONFIG, nested("Config"));
            case "State" -> new ContainerView(info, Level.STATE, nested("State"));
            case "Hostname" -> nonEmpty(info.hostname());
            case "Labels" -> info.labels().isEmpty() ? null : info.labels();
            case "Env" -> info.env().isEmpty() ? null : info.env();
            case "Tty" -> info.tty() ? Boolean.TRUE : null;
            default -> info.pid() != 0 ? info.pid() : null;
        };
    }

    /** What Go shows for a field that neither the record nor the inspect object sets. */
    private static Object unset(String key) {
        return switch (key) {
            case "Labels" -> Map.of();
            case "Env" -> List.of();
            case "Tty" -> Boolean.FALSE;
            case "Pid" -> 0;
            default -> "";
        };
    }

    private static String nonEmpty(String value) {
        return value.isEmpty() ? null : value;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> nested(String key) {
        return inspect.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String key : inspect.keySet()) {
            all.put(key, get(key));
        }
        for (String key : level.keys) {
            all.put(key, get(key));
        }
        return all.entrySet();
    }
}
