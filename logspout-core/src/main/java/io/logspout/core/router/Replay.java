package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window of containers' logs sent again to one route, for the day a log server lost what it
 * had acknowledged: read from Docker's logs container by container, beside the route's live
 * lines, on a virtual thread of its own that waits for room in the route's queue. Replayed lines
 * do not move the route's cursors.
 */
public final class Replay {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    /** Where a replay is. */
    public enum State { RUNNING, DONE, STOPPED }

    /** A replayed line in the route's queue: encoded as any line, but not counted in the cursors. */
    record Line(LogMessage message) {
    }

    /** Ends a container's read at the first line after the window. */
    private static final class PastWindow extends RuntimeException {
        PastWindow() {
            super(null, null, false, false);
        }
    }

    private final String routeId;
    private final long sinceNanos;
    private final long untilNanos;
    private final List<ContainerInfo> containers;
    private final AtomicLong lines = new AtomicLong();
    /** The route's count of replayed lines, which outlives this replay. */
    private final LongAdder routeLines;
    private final AtomicInteger containersDone = new AtomicInteger();
    private volatile State state = State.RUNNING;
    private volatile String lastError = "";
    private volatile Thread thread;

    Replay(String routeId, long sinceNanos, long untilNanos, List<ContainerInfo> containers, LongAdder routeLines) {
        this.routeLines = routeLines;
        this.routeId = routeId;
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.containers = List.copyOf(containers);
    }

    void start(LogHistory history, RouteFilter filter, RouteQueue queue) {
        thread = Thread.ofVirtual().name("replay-" + routeId).start(() -> run(history, filter, queue));
    }

    private void run(LogHistory history, RouteFilter filter, RouteQueue queue) {
        log.info("route {}: replaying {} to {} of {} containers", routeId, Gaps.time(sinceNanos), Gaps.time(untilNanos), containers.size());
        try {
            for (ContainerInfo container : containers) {
                try {
                    history.read(container, sinceNanos, message -> {
                        if (message.timeNanos() > untilNanos) {
                            throw new PastWindow();
                        }
                        if (message.timeNanos() >= sinceNanos && filter.matchesSource(message.source())) {
                            try {
                                queue.put(new Line(message));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new PastWindow();
                            }
                            lines.incrementAndGet();
                            routeLines.increment();
                        }
                    });
                } catch (PastWindow e) {
                    // the rest of this container's log is after the window
                } catch (IOException e) {
                    lastError = container.bareName() + ": " + e.getMessage();
                    log.warn("route {}: replaying {} ({}) failed: {}", routeId, container.bareName(), container.shortId(), e.toString());
                }
                if (Thread.currentThread().isInterrupted()) {
                    state = State.STOPPED;
                    return;
                }
                containersDone.incrementAndGet();
            }
            state = State.DONE;
            log.info("route {}: replay done: {} lines of {} containers", routeId, lines.get(), containers.size());
        } catch (InterruptedException e) {
            state = State.STOPPED;
        }
    }

    /** Ends the replay: the route is removed or logspout stops. */
    void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    public long sinceNanos() {
        return sinceNanos;
    }

    public long untilNanos() {
        return untilNanos;
    }

    public List<ContainerInfo> containers() {
        return containers;
    }

    public State state() {
        return state;
    }

    /** Lines queued for the route so far. */
    public long lines() {
        return lines.get();
    }

    public int containersDone() {
        return containersDone.get();
    }

    /** The last container that could not be read, and why; empty when none failed. */
    public String lastError() {
        return lastError;
    }
}
