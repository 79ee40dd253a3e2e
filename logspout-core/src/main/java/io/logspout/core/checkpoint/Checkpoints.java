package io.logspout.core.checkpoint;

import io.logspout.api.ContainerInfo;
import io.logspout.core.pump.FoundContainer;
import io.logspout.core.route.RouteManager;
import io.logspout.core.router.Cursor;
import io.logspout.core.router.RouteChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts lose nothing: saves every route's cursors ({@link RouteChannel#cursors()}) to the
 * {@link CheckpointFile} at most once per {@link #SAVE_EVERY} and at a clean stop, and when the
 * pump first reaches the engine, before it reads anything, tells each route where to resume:
 *
 * <ul>
 *   <li>a container with a cursor of the route, running or exited: after that cursor (an exited
 *       one is read to its end);</li>
 *   <li>a container created after the last save: from its log's start, running or exited;</li>
 *   <li>anything else (a new route, a container logspout never saw): as {@code BACKLOG} and
 *       {@code TAIL} say, as without checkpoints.</li>
 * </ul>
 *
 * Cursors of containers that no longer exist and of routes that are gone are not saved again.
 */
public final class Checkpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    /** How often cursors are saved at most: a crash repeats at most the lines sent since. */
    public static final Duration SAVE_EVERY = Duration.ofSeconds(1);

    private final CheckpointFile file;
    private final RouteManager routes;
    private final InstantSource clock;
    private final CheckpointFile.Saved saved;
    private Map<String, Map<String, Cursor>> lastWritten;
    private Thread saver;
    private volatile boolean closed;

    public Checkpoints(CheckpointFile file, RouteManager routes, InstantSource clock) {
        this.file = file;
        this.routes = routes;
        this.clock = clock;
        this.saved = file.load();
        this.lastWritten = saved.routes();
        if (saved.exists()) {
            log.info("route cursors read from {}: {} routes", file.path(), saved.routes().size());
        }
    }

    /** Where each route resumes each container found on the engine; the pump calls it before it reads. */
    public void resume(List<FoundContainer> found) {
        if (!saved.exists()) {
            return;
        }
        Set<String> existing = new HashSet<>();
        int resumed = 0;
        int fromStart = 0;
        for (FoundContainer container : found) {
            existing.add(container.container().id());
            boolean createdSince = container.createdNanos() > saved.savedAtNanos();
            for (RouteChannel channel : routes.channels()) {
                ContainerInfo info = container.container();
                if (!channel.matchesContainer(info)) {
                    continue;
                }
                Cursor cursor = saved.routes().getOrDefault(channel.route().id(), Map.of()).get(info.id());
                if (cursor != null) {
                    channel.resume(info, cursor);
                    resumed++;
                } else if (createdSince) {
                    channel.resume(info, null);
                    fromStart++;
                }
            }
        }
        log.info("routes resume {} containers after their cursors and read {} created since the last save from their start", resumed, fromStart);
        int pruned = 0;
        for (Map<String, Cursor> cursors : saved.routes().values()) {
            for (String id : cursors.keySet()) {
                if (!existing.contains(id)) {
                    pruned++;
                }
            }
        }
        if (pruned > 0) {
            log.info("{} cursors of removed containers are dropped", pruned);
        }
    }

    /** Starts saving once a second when a cursor moved. */
    public synchronized void start() {
        saver = Thread.ofVirtual().name("checkpoints").start(() -> {
            try {
                while (!closed) {
                    Thread.sleep(SAVE_EVERY);
                    save();
                }
            } catch (InterruptedException e) {
                // closing: close() saves once more
            }
        });
    }

    /** Saves the running routes' cursors now, if they moved since the last save. */
    public void save() {
        save(routes.channels());
    }

    /** Saves the cursors of {@code channels} (at a clean stop: the routes just stopped), if they moved. */
    public synchronized void save(List<RouteChannel> channels) {
        Map<String, Map<String, Cursor>> now = new LinkedHashMap<>();
        for (RouteChannel channel : channels) {
            Map<String, Cursor> cursors = channel.cursors();
            if (!cursors.isEmpty()) {
                now.put(channel.route().id(), cursors);
            }
        }
        if (now.equals(lastWritten)) {
            return;
        }
        try {
            file.save(now, clock.millis() * 1_000_000L);
            lastWritten = now;
        } catch (IOException e) {
            log.warn("route cursors could not be saved to {}: {}; a restart may repeat lines", file.path(), e.toString());
        }
    }

    /** Stops saving; call {@link #save(List)} after the routes sent what they held. */
    @Override
    public void close() {
        closed = true;
        Thread thread;
        synchronized (this) {
            thread = saver;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5)); // so no periodic save comes after the last one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
