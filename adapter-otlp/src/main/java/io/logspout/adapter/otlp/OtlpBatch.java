package io.logspout.adapter.otlp;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of one batch grouped by container, in the order the containers first appear and,
 * within a container, in the order the lines came: one {@code ResourceLogs} each. Reused for every
 * batch of a route (its sender's thread only).
 */
final class OtlpBatch {
    /** The lines of one container in this batch, and the container view of its first line. */
    static final class Group {
        ContainerInfo container;
        final List<LogMessage> messages = new ArrayList<>();
    }

    private final String hostName;
    private final InstantSource clock;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<Group> spare = new ArrayList<>();
    private long observedNanos;

    OtlpBatch(String hostName, InstantSource clock) {
        this.hostName = hostName;
        this.clock = clock;
    }

    void add(LogMessage message) {
        Group group = groups.get(message.container().id());
        if (group == null) {
            group = spare.isEmpty() ? new Group() : spare.remove(spare.size() - 1);
            group.container = message.container();
            groups.put(message.container().id(), group);
        }
        if (group.messages.isEmpty() && groups.size() == 1) {
            var now = clock.instant();
            observedNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        group.messages.add(message);
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    Iterable<Group> groups() {
        return groups.values();
    }

    String hostName() {
        return hostName;
    }

    /** When logspout took the batch's first line: every record's {@code observed_time_unix_nano}. */
    long observedNanos() {
        return observedNanos;
    }

    void clear() {
        for (Group group : groups.values()) {
            group.messages.clear();
            group.container = null;
            spare.add(group);
        }
        groups.clear();
    }
}
