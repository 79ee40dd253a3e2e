package io.logspout.core.router;

import io.logspout.api.Adapter;
import io.logspout.api.LogMessage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A route's cursors: per container, the last line its destination accepted, every line before it
 * accepted too. A line is accepted once everything encoded from it was written and flushed (a
 * datagram: sent), and the adapter does not hold it back ({@link Adapter#oldestHeld}).
 *
 * <p>The sender thread notes each line it encodes and, after each batch is sent, moves the
 * cursors; {@link #snapshot()} may be read by any thread.
 */
final class Cursors {
    /** Lines encoded since the cursor, per container, in order; the sender thread's only. */
    private final Map<String, ArrayDeque<LogMessage>> unaccepted = new HashMap<>();
    private final ConcurrentMap<String, Cursor> accepted = new ConcurrentHashMap<>();

    /** {@code message} was handed to the adapter. */
    void encoded(LogMessage message) {
        unaccepted.computeIfAbsent(message.container().id(), id -> new ArrayDeque<>()).addLast(message);
    }

    /** Everything the adapter emitted so far was sent: moves each cursor up to the line before the oldest the adapter holds. */
    void sent(Adapter adapter) {
        if (unaccepted.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<String, ArrayDeque<LogMessage>>> it = unaccepted.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ArrayDeque<LogMessage>> entry = it.next();
            ArrayDeque<LogMessage> lines = entry.getValue();
            LogMessage held = adapter.oldestHeld(entry.getKey());
            if (held != null && lines.stream().noneMatch(held::sameLine)) {
                continue; // held since before the cursor moved last: the cursor waits where it is
            }
            LogMessage last = null;
            while (!lines.isEmpty() && (held == null || !lines.peekFirst().sameLine(held))) {
                last = lines.removeFirst();
            }
            if (last != null) {
                accepted.put(entry.getKey(), Cursor.of(last));
            }
            if (lines.isEmpty()) {
                it.remove();
            }
        }
    }

    /** A cursor saved before a restart, kept until the route sends more of the container. */
    void seed(String containerId, Cursor cursor) {
        accepted.putIfAbsent(containerId, cursor);
    }

    /** The cursor of each container the route sent lines of. */
    Map<String, Cursor> snapshot() {
        return Map.copyOf(accepted);
    }

    /** The container's cursor, or null. */
    Cursor of(String containerId) {
        return accepted.get(containerId);
    }
}
