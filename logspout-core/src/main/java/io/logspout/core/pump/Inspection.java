package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pump needs from Docker's inspect answer ({@code GET /containers/{id}/json}).
 *
 * @param container the view given to routes and templates, with the whole answer as its
 *     {@code inspect} map (read-only, Docker's key names and order)
 * @param running {@code State.Running}
 * @param logDriver {@code HostConfig.LogConfig.Type}, for messages
 * @param startedNanos {@code State.StartedAt}: when the last run started, Docker's clock
 * @param finishedNanos {@code State.FinishedAt}: when the last run that ended did; {@link
 *     DockerTimestamps#INVALID} if none did
 * @param createdNanos {@code Created}: when the container was created
 */
record Inspection(ContainerInfo container, boolean running, String logDriver, long startedNanos, long finishedNanos, long createdNanos) {

    /** Docker notes a run's start just after its process began: lines may come this much earlier. */
    static final long START_MARGIN_NANOS = 1_000_000_000L;

    /** Reads the inspect answer as parsed from JSON into maps, lists, strings, numbers and booleans. */
    static Inspection of(Map<String, Object> json) {
        Map<String, Object> config = object(json, "Config");
        Map<String, Object> state = object(json, "State");
        Map<String, Object> logConfig = object(object(json, "HostConfig"), "LogConfig");
        Object id = json.get("Id");
        if (!(id instanceof String)) {
            throw new IllegalArgumentException("Docker's inspect answer has no Id");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        object(config, "Labels").forEach((key, value) -> labels.put(key, value == null ? "" : value.toString()));
        List<String> env = new ArrayList<>();
        if (config.get("Env") instanceof List<?> entries) {
            entries.forEach(entry -> env.add(String.valueOf(entry)));
        }
        ContainerInfo container = new ContainerInfo(
                (String) id,
                text(json, "Name"),
                text(config, "Image"),
                text(json, "Image"),
                text(config, "Hostname"),
                labels,
                env,
                state.get("Pid") instanceof Number pid ? pid.intValue() : 0,
                Boolean.TRUE.equals(config.get("Tty")),
                frozenObject(json));
        return new Inspection(container, Boolean.TRUE.equals(state.get("Running")), text(logConfig, "Type"),
                time(state, "StartedAt"), time(state, "FinishedAt"), time(json, "Created"));
    }

    /**
     * Docker's time from which every line of the container's current (or last) run is in its log.
     * While the container runs: when its previous run finished, since Docker notes a start only
     * after the process began (0 for a first run: its whole log). Once this run has ended too,
     * the previous end is no longer known: then its start (or end, which Docker may note first
     * for a brief run) with {@link #START_MARGIN_NANOS} to spare.
     */
    long currentRunSince() {
        if (startedNanos == DockerTimestamps.INVALID) {
            return 0;
        }
        long since = running ? finishedNanos : Math.min(startedNanos, finishedNanos) - START_MARGIN_NANOS;
        return Math.max(since, 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A timestamp of Docker's ({@code 0001-01-01T00:00:00Z} for never), or {@link DockerTimestamps#INVALID}. */
    private static long time(Map<String, Object> parent, String key) {
        return DockerTimestamps.parse(text(parent, key));
    }

    private static String text(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof String s ? s : "";
    }

    /** A read-only deep copy; Docker's answer has nulls, which {@code Map.copyOf} would refuse. */
    private static Map<String, Object> frozenObject(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), frozen(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> map) {
            return frozenObject(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
