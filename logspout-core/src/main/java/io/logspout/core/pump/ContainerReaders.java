package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers being read, at most one {@link ContainerReader} each, and what outlives a
 * reader: how far each container's log was read (until the container is destroyed), so a
 * container started again resumes instead of replaying its history.
 *
 * <p>Starting a reader and a reader finishing both go through {@link ConcurrentMap#compute} on
 * the container's id, so a start event is never lost to a reader that is just finishing: either
 * the event finds the reader and pokes it (the reader then reads on), or it finds none and starts
 * a new one.
 */
final class ContainerReaders implements ContainerReader.Registration {
    /** Pauses between attempts against the engine: 100 ms, doubling up to 30 s. */
    static final Duration RETRY_FIRST = Duration.ofMillis(100);
    static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ContainerReaders.class);

    private final ConcurrentMap<String, ContainerReader> readers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ResumePosition> positions = new ConcurrentHashMap<>();
    private final ReaderServices services;
    private final ConcurrentMap<String, ContainerStats> stats = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    ContainerReaders(ReaderServices services) {
        this.services = services;
    }

    /**
     * Reads container {@code id} unless a reader already does; that one is told the container
     * started again. {@code startNanos} is where BACKLOG=false starts: Docker's clock when logspout
     * found the container running, or {@link ContainerReader#SINCE_THIS_RUN} for a start event.
     */
    void start(String id, long startNanos) {
        if (stopped) {
            return;
        }
        ContainerReader[] created = new ContainerReader[1];
        readers.compute(id, (key, existing) -> {
            if (existing != null) {
                existing.poke();
                return existing;
            }
            created[0] = new ContainerReader(id, services, this, positions.computeIfAbsent(id, k -> new ResumePosition()), stats(id), startNanos);
            return created[0];
        });
        if (created[0] != null) {
            created[0].start();
            if (stopped) {
                created[0].stop(); // stopAll() may have run before it was in the map
            }
        }
    }

    /** The container was renamed: its reader's later messages carry the new name. */
    void rename(String id) {
        Thread.ofVirtual().name("pump-rename-" + ContainerInfo.shortId(id)).start(() -> {
            try {
                Inspection inspection = services.inspector().inspectUntilAnswered(id);
                ContainerReader reader = readers.get(id);
                if (inspection != null && reader != null) {
                    reader.rename(inspection.container());
                } else {
                    LOG.debug("{}: renamed, but not read", ContainerInfo.shortId(id));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The container was destroyed: its read position is forgotten. */
    void forget(String id) {
        positions.remove(id);
        services.inspector().forget(id);
        stats.remove(id);
    }

    /**
     * A reader whose container stopped asks to end. It may, unless the container was started
     * again since it began its last stream.
     *
     * @return true if the reader is removed and must end; false if it must read on
     */
    @Override
    public boolean mayEnd(ContainerReader reader) {
        boolean[] finished = {false};
        readers.compute(reader.id(), (key, current) -> {
            if (current != reader || reader.takePoke()) {
                return current;
            }
            finished[0] = true;
            return null;
        });
        return finished[0];
    }

    /** The containers being read now. */
    List<ContainerInfo> containers() {
        return readers.values().stream().map(ContainerReader::container).filter(Objects::nonNull).toList();
    }

    /** A reader ended for another reason (container gone or skipped, or logspout stopping). */
    @Override
    public void ended(ContainerReader reader) {
        readers.remove(reader.id(), reader);
    }

    /** Closes every log stream that has been silent for longer than {@code timeoutNanos}. */
    void closeIdleStreams(long nowNanos, long timeoutNanos) {
        for (ContainerReader reader : readers.values()) {
            reader.closeIfIdle(nowNanos, timeoutNanos);
        }
    }

    /** Stops every reader and waits up to {@code timeout} for them to end. */
    void stopAll(Duration timeout) throws InterruptedException {
        stopped = true;
        services.inspector().stop();
        List<ContainerReader> all = List.copyOf(readers.values());
        for (ContainerReader reader : all) {
            reader.stop();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ContainerReader reader : all) {
            reader.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** The counts of container {@code id}, kept until it is destroyed. */
    ContainerStats stats(String id) {
        return stats.computeIfAbsent(id, key -> new ContainerStats());
    }

    /** The counts of every container read since logspout started and not destroyed since. */
    List<ContainerStats> stats() {
        return stats.values().stream().filter(container -> container.container() != null).toList();
    }
}
