package io.logspout.template;

import io.logspout.api.LogMessage;
import io.logspout.api.TemplateFunction;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a Pebble template sees for one message, computed on first use: {@code Data},
 * {@code Source}, {@code Time}, {@code Container}, {@code Key}, the adapter's functions by name (called
 * without arguments), {@code __message} (Go's dot), the translation's constants, and itself
 * under {@link #SELF} for {@code call}.
 *
 * <p>One instance per thread is reused for every message ({@link RenderScratch}); Pebble reads
 * it only while rendering, through {@link #get} and {@link #containsKey}.
 */
final class RenderContext extends AbstractMap<String, Object> {
    static final String SELF = "__render";
    private static final Set<String> NAMES = Set.of("Data", "Source", "Time", "Container", "Key", "__message", SELF);

    private LogMessage message;
    private Map<String, TemplateFunction> functions = Map.of();
    private Map<String, Object> constants = Map.of();
    private GoZone zone;
    private GoTime time;

    void reset(LogMessage message, Map<String, TemplateFunction> functions, Map<String, Object> constants, GoZone zone) {
        this.message = message;
        this.functions = functions;
        this.constants = constants;
        this.zone = zone;
        this.time = null;
    }

    /** Drops the message so an idle thread keeps no reference to it. */
    void forget() {
        reset(null, Map.of(), Map.of(), null);
    }

    @Override
    public Object get(Object key) {
        TemplateFunction function = functions.get(key);
        if (function != null) {
            return function.apply(message, List.of());
        }
        if (!(key instanceof String name)) {
            return null;
        }
        return switch (name) {
            case "Data" -> message.data();
            case "Source" -> message.source();
            case "Time" -> time();
            case "Container" -> ContainerView.of(message.container());
            case "Key" -> message.key();
            case "__message" -> new MessageView(message, zone);
            case SELF -> this;
            default -> constants.get(name);
        };
    }

    private GoTime time() {
        if (time == null) {
            time = GoTime.ofNanos(message.timeNanos(), zone);
        }
        return time;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && (functions.containsKey(name) || NAMES.contains(name) || constants.containsKey(name));
    }

    /** An adapter function with arguments: {@code .ContainerNameSplitN "." 2}. */
    Object call(Object name, List<Object> arguments) {
        TemplateFunction function = functions.get(name);
        return function == null ? GoValues.MISSING : function.apply(message, arguments);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : NAMES) {
            all.put(name, get(name));
        }
        for (String name : functions.keySet()) {
            all.put(name, get(name));
        }
        all.putAll(constants);
        return all.entrySet();
    }
}
