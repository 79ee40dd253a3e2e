package io.logspout.adapter.multiline;

import io.logspout.api.Adapter;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * Joins the continuation lines of each container stream into one entry and hands entries to the
 * inner adapter, one {@link Output} message each.
 *
 * <p>State: at most one pending entry per container and source, kept in the order the entries
 * began, so that every flush (timer, stopped container, close) sends in that order. Called by
 * the route's single sender thread only (see {@link Adapter}), so nothing here is locked and one
 * {@link Matcher} is reused for every line.
 */
final class MultilineAdapter implements Adapter {
    private static final System.Logger LOG = System.getLogger(MultilineAdapter.class.getName());
    private static final long MAX_TICK_MILLIS = 100;

    private final Adapter inner;
    private final MultilineSettings settings;
    private final InstantSource clock;
    private final String routeId;
    private final Matcher matcher;
    private final int separatorBytes;
    /** Whether each attached container's lines are joined; its env cannot change while its id lives. */
    private final Map<String, Boolean> enabled = new HashMap<>();
    /** Removed and put again when an entry ends and the next begins, so iteration is in start order. */
    private final LinkedHashMap<StreamKey, Entry> pending = new LinkedHashMap<>();
    private long cuts;

    private record StreamKey(String containerId, String source) {
    }

    MultilineAdapter(Adapter inner, MultilineSettings settings, InstantSource clock, String routeId) {
        this.inner = inner;
        this.settings = settings;
        this.clock = clock;
        this.routeId = routeId;
        this.matcher = settings.pattern().matcher("");
        this.separatorBytes = utf8Length(settings.separator());
    }

    @Override
    public void encode(LogMessage message, Output out) {
        if (!enabled(message.container())) {
            emit(message, out);
            return;
        }
        MatchMode mode = settings.mode();
        boolean marked = matcher.reset(message.data()).find() != mode.negate;
        StreamKey key = new StreamKey(message.container().id(), message.source());
        Entry entry = pending.get(key);
        if (entry == null) {
            if (marked && !mode.marksFirstLine) {
                emit(message, out); // a last line with nothing before it is an entry of its own
            } else {
                start(key, message);
            }
        } else if (marked && mode.marksFirstLine) {
            finish(key, entry, out);
            start(key, message);
        } else {
            entry = append(key, entry, message, out);
            if (marked) {
                finish(key, entry, out);
            }
        }
    }

    /** As often as a flush should be checked: a tenth of {@code MULTILINE_FLUSH_AFTER}, 1 to 100 ms, or the inner adapter's, if more often. */
    @Override
    public long tickIntervalMillis() {
        long own = Math.clamp(settings.flushAfterMillis() / 10, 1, MAX_TICK_MILLIS);
        long innerTick = inner.tickIntervalMillis();
        return innerTick > 0 ? Math.min(own, innerTick) : own;
    }

    /** Sends every entry that has waited {@code MULTILINE_FLUSH_AFTER} since its first line. */
    @Override
    public void tick(Instant now, Output out) {
        long nowMillis = now.toEpochMilli();
        finishWhere(entry -> nowMillis - entry.getValue().startedMillis >= settings.flushAfterMillis(), out);
        inner.tick(now, out);
    }

    /** The first line of the container's oldest pending entry, unless the inner adapter holds an older one. */
    @Override
    public LogMessage oldestHeld(String containerId) {
        LogMessage held = null;
        for (Map.Entry<StreamKey, Entry> next : pending.entrySet()) {
            if (next.getKey().containerId().equals(containerId)) {
                held = next.getValue().first;
                break; // entries are in start order
            }
        }
        LogMessage innerHeld = inner.oldestHeld(containerId);
        if (innerHeld == null || held != null && earlier(held, innerHeld)) {
            return held;
        }
        return innerHeld;
    }

    private static boolean earlier(LogMessage a, LogMessage b) {
        return a.timeNanos() < b.timeNanos() || a.timeNanos() == b.timeNanos() && a.seq() < b.seq();
    }

    @Override
    public void containerStopped(ContainerInfo container, Output out) {
        enabled.remove(container.id());
        finishWhere(entry -> entry.getKey().containerId().equals(container.id()), out);
        inner.containerStopped(container, out);
    }

    @Override
    public void close(Output out) {
        finishWhere(entry -> true, out);
        inner.close(out);
    }

    /** Entries still pending stay for the next batch; the inner adapter ends what it was given. */
    @Override
    public void endBatch(Output out) {
        inner.endBatch(out);
    }

    /** The inner adapter's: its destination is the route's ({@code multiline+otlp} posts to OTLP's path). */
    @Override
    public Map<String, String> defaultOptions() {
        return inner.defaultOptions();
    }

    private boolean enabled(ContainerInfo container) {
        Boolean on = enabled.get(container.id());
        if (on == null) {
            on = enabledFor(container, settings.enableByDefault());
            enabled.put(container.id(), on);
        }
        return on;
    }

    /** The container's first {@code LOGSPOUT_MULTILINE} entry decides: true or false, in any case; anything else means the default. */
    static boolean enabledFor(ContainerInfo container, boolean enableByDefault) {
        Optional<String> value = container.envValue("LOGSPOUT_MULTILINE");
        if (value.isPresent()) {
            if (value.get().equalsIgnoreCase("true")) {
                return true;
            }
            if (value.get().equalsIgnoreCase("false")) {
                return false;
            }
        }
        return enableByDefault;
    }

    private Entry start(StreamKey key, LogMessage first) {
        Entry entry = new Entry(first, clock.millis(), utf8Length(first.data()));
        pending.put(key, entry);
        return entry;
    }

    /** Adds {@code line} to {@code entry}; when that would pass {@code MULTILINE_MAX_BYTES}, sends the entry and starts the next with {@code line}. */
    private Entry append(StreamKey key, Entry entry, LogMessage line, Output out) {
        long bytes = separatorBytes + (long) utf8Length(line.data());
        if (entry.bytes + bytes > settings.maxBytes()) {
            finish(key, entry, out);
            noteCut(key);
            return start(key, line);
        }
        entry.append(settings.separator(), line.data(), bytes);
        return entry;
    }

    private void finish(StreamKey key, Entry entry, Output out) {
        pending.remove(key);
        emit(entry.message(), out);
    }

    /** Sends, in start order, the entries that {@code due} selects. */
    private void finishWhere(Predicate<Map.Entry<StreamKey, Entry>> due, Output out) {
        Iterator<Map.Entry<StreamKey, Entry>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<StreamKey, Entry> next = it.next();
            if (due.test(next)) {
                it.remove(); // before the inner adapter runs: if it fails, the entry is not sent twice
                emit(next.getValue().message(), out);
            }
        }
    }

    private void emit(LogMessage message, Output out) {
        inner.encode(message, out);
        out.endMessage();
    }

    private void noteCut(StreamKey key) {
        cuts++;
        if (Long.bitCount(cuts) == 1) {
            LOG.log(System.Logger.Level.WARNING, "route {0}: an entry of container {1} ({2}) reached MULTILINE_MAX_BYTES={3}; sent it and began the next with the following line ({4} such cuts so far)",
                    routeId, ContainerInfo.shortId(key.containerId()), key.source(), Integer.toString(settings.maxBytes()), Long.toString(cuts));
        }
    }

    /** The bytes of {@code text} in UTF-8 (a lone surrogate, which UTF-8 cannot carry, counts 2). */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    /** A pending entry: its first line, and the joined text once a second line came. */
    private static final class Entry {
        private final LogMessage first;
        private final long startedMillis;
        private StringBuilder joined;
        private long bytes;

        Entry(LogMessage first, long startedMillis, long bytes) {
            this.first = first;
            this.startedMillis = startedMillis;
            this.bytes = bytes;
        }

        void append(String separator, String line, long lineBytes) {
            if (joined == null) {
                joined = new StringBuilder(2 * (first.data().length() + separator.length() + line.length())).append(first.data());
            }
            joined.append(separator).append(line);
            bytes += lineBytes;
        }

        /** A one-line entry is its own message; a joined one is a new message with the first line's container, source and time. */
        LogMessage message() {
            return joined == null ? first : first.withData(joined.toString());
        }
    }
}
