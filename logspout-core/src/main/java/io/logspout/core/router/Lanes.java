package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one route stands in each container's log, for {@code ROUTE_QUEUE_FULL=catchup}: a route
 * whose queue is full falls behind on that container instead of dropping the line or making the
 * container's reader wait, and a catch-up reader of its own reads the container's log again from
 * Docker ({@link LogHistory}) until it has queued everything the live reader offered meanwhile;
 * then the route rejoins the live fan-out. Nothing is lost, repeated or reordered.
 *
 * <p><b>Why the hand-over is exact.</b> Both readers see the container's lines in Docker's order
 * with the same keys. Per container, the live reader thread keeps {@code lastOffered}, the last
 * line it offered this route; the catch-up keeps {@code caughtUpTo}, the last line it queued
 * (at first the last line queued live). Both change only under the lane's lock once the lane is
 * behind. When the live reader offers line {@code m} to a lane that is behind and
 * {@code caughtUpTo} is the line just before {@code m}, everything before {@code m} is queued,
 * so the live reader queues {@code m} itself and the lane is live again; the catch-up sees that
 * under the same lock before it queues anything more, and ends. In any other case the catch-up
 * has not reached {@code m}'s predecessor yet (it will read {@code m}), or has passed {@code m}
 * (it queued it): the live reader leaves {@code m} to it. A catch-up ends by itself only after a
 * read that found nothing after {@code caughtUpTo}, so the next line the live reader offers meets
 * the hand-over test; if that line does not fit either, a new catch-up starts from it. The lock
 * is taken only for lanes that are behind: a live lane costs the live reader one map lookup.
 *
 * <p>A catch-up reader is a virtual thread that opens its stream only when the route's queue has
 * room (half of it), so a long outage keeps no streams open, and blocks on a full queue: its
 * backpressure slows its own stream and nothing else.
 */
final class Lanes {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);
    /**
     * A catch-up asks Docker for lines from this much before its position: Docker stamps stdout
     * and stderr separately, so a line after the position may carry a slightly earlier time.
     */
    static final long SEARCH_WINDOW_NANOS = Duration.ofMillis(50).toNanos();
    private static final Duration RETRY_FIRST = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final String routeId;
    private final RouteQueue queue;
    private final RouteFilter filter;
    private final LogHistory history;
    private final Gaps gaps;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final LongAdder catchUps = new LongAdder();
    private volatile boolean stopped;

    Lanes(String routeId, RouteQueue queue, RouteFilter filter, LogHistory history, Gaps gaps) {
        this.routeId = routeId;
        this.queue = queue;
        this.filter = filter;
        this.history = history;
        this.gaps = gaps;
    }

    /** Offers a live line; called by the container's reader thread only. Never waits for room. */
    void deliver(LogMessage message) {
        String id = message.container().id();
        Lane lane = lanes.get(id);
        if (lane == null) {
            lane = lanes.computeIfAbsent(id, key -> new Lane());
        }
        lane.deliver(message);
    }

    /**
     * After a restart: the route resumes {@code container} after {@code cursor}, the last line its
     * destination accepted before, or from the log's start when {@code cursor} is null. The lane
     * starts behind, so the live reader's lines wait for the catch-up to reach them.
     */
    void resume(ContainerInfo container, Cursor cursor) {
        Lane lane = new Lane();
        lane.container = container;
        synchronized (lane) {
            lane.behind = true;
            lane.caughtUpTo = cursor == null ? null : new LogMessage(container, "", "", cursor.timeNanos(), cursor.seq());
            lane.fromStart = cursor == null;
            lane.resumed = true;
            lanes.put(container.id(), lane);
            lane.startCatchUp();
        }
    }

    /**
     * The container's stream ended for good: {@code stoppedItem} (which tells the adapter) is
     * queued now, or by the catch-up after the last line it queues.
     */
    void containerStopped(ContainerInfo container, Object stoppedItem) {
        Lane lane = lanes.get(container.id());
        if (lane != null && lane.endWithCatchUp(stoppedItem)) {
            return;
        }
        if (lane != null) {
            lanes.remove(container.id(), lane);
        }
        queue.offer(stoppedItem); // if it does not fit, the adapter flushes what it holds on its next tick
    }

    /**
     * How many containers this route is catching up on now: a catch-up reader waits for room or
     * reads Docker's log. A lane whose catch-up found nothing more is not counted while it waits
     * for the next live line to rejoin: the route has every line of it, and a container that went
     * quiet would otherwise count for ever.
     */
    int behind() {
        int count = 0;
        for (Lane lane : lanes.values()) {
            if (lane.catchingUp()) {
                count++;
            }
        }
        return count;
    }

    /** How many catch-up readers were started so far. */
    long catchUps() {
        return catchUps.sum();
    }

    /** Ends every catch-up reader. */
    void stop() {
        stopped = true;
        for (Lane lane : lanes.values()) {
            lane.interrupt();
        }
    }

    /** A catch-up was told to end: the lane is live again, or the route stops. */
    private static final class Ended extends RuntimeException {
        Ended() {
            super(null, null, false, false);
        }
    }

    /** One container's lane. */
    private final class Lane {
        /** The live reader thread's only: the last line it offered this route. */
        private LogMessage lastOffered;
        /** Read by the live reader without the lock, changed under it. */
        private volatile boolean behind;
        private volatile ContainerInfo container;
        // Guarded by this:
        /** The last line queued for this route: the catch-up starts after it; null before any. */
        private LogMessage caughtUpTo;
        /** Where a catch-up starts (inclusive) when nothing was queued yet. */
        private LogMessage firstMissed;
        /** Resumed after a restart for a container new since: the catch-up starts at the log's start. */
        private boolean fromStart;
        /** Resumed after a restart, and the live reader has not met the position yet. */
        private boolean resumed;
        private Thread catchUp;
        /** The hand-over failed while the catch-up ran: it must read once more. */
        private boolean readAgain;
        /** The container stopped while behind: the catch-up queues this after its last line. */
        private Object stoppedItem;

        void deliver(LogMessage message) {
            container = message.container();
            if (!behind) {
                if (!queue.offer(message)) {
                    synchronized (this) {
                        behind = true;
                        caughtUpTo = lastOffered;
                        firstMissed = message;
                        startCatchUp();
                    }
                }
                lastOffered = message;
                return;
            }
            synchronized (this) {
                if (lastOffered != null && lastOffered.sameLine(caughtUpTo)) {
                    if (queue.offer(message)) {
                        behind = false;
                        caughtUpTo = null;
                        firstMissed = null;
                        fromStart = false;
                        resumed = false;
                    } else {
                        catchUpFrom(message);
                    }
                } else if (resumed && caughtUpTo != null) {
                    if (message.sameLine(caughtUpTo)) {
                        resumed = false; // the live reader met the position: the exact test above holds from here
                    } else if (message.timeNanos() > caughtUpTo.timeNanos() - SEARCH_WINDOW_NANOS) {
                        // After a restart the live reader may start past the position (BACKLOG=false,
                        // TAIL) and never meet it: a line that may be after it is read by a catch-up,
                        // which finds it if it is new and nothing if it is not.
                        catchUpFrom(message);
                    }
                }
            }
            lastOffered = message;
        }

        /** {@code message} is not queued and the catch-up must read it: started, or told to read once more. */
        private void catchUpFrom(LogMessage message) {
            if (catchUp == null) {
                firstMissed = message;
                startCatchUp();
            } else {
                readAgain = true;
            }
        }

        synchronized boolean catchingUp() {
            return behind && catchUp != null;
        }

        /** True when the catch-up will queue {@code item} after its last line. */
        synchronized boolean endWithCatchUp(Object item) {
            if (behind && catchUp != null) {
                stoppedItem = item;
                return true;
            }
            return false;
        }

        synchronized void interrupt() {
            if (catchUp != null) {
                catchUp.interrupt();
            }
        }

        private void startCatchUp() {
            catchUps.increment();
            catchUp = Thread.ofVirtual().name("catchup-" + routeId + "-" + container.shortId()).start(this::catchUpLoop);
        }

        private void catchUpLoop() {
            Backoff retry = new Backoff(RETRY_FIRST, RETRY_MAX);
            String name = container.bareName();
            log.info("route {}: {} ({}) will be read from Docker's log once the route's queue has room", routeId, name, container.shortId());
            try {
                while (true) {
                    while (!queue.hasRoom(true)) {
                        queue.awaitRoom(true, 1_000);
                    }
                    LogMessage from;
                    boolean inclusive;
                    synchronized (this) {
                        if (!current()) {
                            return;
                        }
                        inclusive = caughtUpTo == null;
                        from = inclusive && !fromStart ? firstMissed : caughtUpTo;
                        readAgain = false;
                    }
                    Pass pass = new Pass(from, inclusive);
                    LogHistory.Read read;
                    try {
                        read = history.read(container, from == null ? 0 : from.timeNanos() - SEARCH_WINDOW_NANOS, pass);
                    } catch (IOException e) {
                        log.info("route {}: reading {} ({}) again failed, retrying: {}", routeId, name, container.shortId(), e.toString());
                        retry.pause();
                        continue;
                    }
                    retry.reset();
                    if (read == LogHistory.Read.GONE) {
                        gaps.containerGone(routeId, container, pass.position());
                        end(true);
                        return;
                    }
                    pass.end();
                    if (!pass.queuedAny() && end(false)) {
                        log.info("route {}: caught up with {} ({})", routeId, name, container.shortId());
                        return;
                    }
                }
            } catch (InterruptedException | Ended e) {
                synchronized (this) {
                    current();
                }
            } catch (RuntimeException e) {
                log.error("route {}: reading {} ({}) again failed; the route reads it again when its next line does not fit", routeId, name, container.shortId(), e);
                synchronized (this) {
                    current();
                }
            }
        }

        /**
         * Whether the calling catch-up should go on: the lane is still behind, the route runs, and
         * no newer catch-up replaced it (the lane may have rejoined and fallen behind again before
         * this one noticed). Clears {@code catchUp} when it is the caller that ends. Under the lock.
         */
        private boolean current() {
            if (catchUp != Thread.currentThread()) {
                return false;
            }
            if (behind && !stopped) {
                return true;
            }
            catchUp = null;
            return false;
        }

        /** After a read that found nothing new (or the container is gone): ends unless it must read again. */
        private boolean end(boolean gone) throws InterruptedException {
            Object item;
            synchronized (this) {
                if (readAgain && !gone && current()) {
                    return false;
                }
                if (catchUp == Thread.currentThread()) {
                    catchUp = null;
                }
                item = stoppedItem;
                stoppedItem = null;
            }
            if (item != null || gone) {
                lanes.remove(container.id(), this);
            }
            if (item != null) {
                queue.put(item);
            }
            return true;
        }

        /** Queues a line read again, waiting for room; ends the catch-up when the lane went live. */
        private void enqueue(LogMessage message) {
            try {
                while (true) {
                    synchronized (this) {
                        if (!current()) {
                            throw new Ended();
                        }
                        if (queue.offer(message)) {
                            caughtUpTo = message;
                            return;
                        }
                    }
                    queue.awaitRoom(false, 100);
                }
            } catch (InterruptedException e) {
                throw new Ended();
            }
        }

        /**
         * One read of Docker's log from a little before the position: skips to the position
         * (the line {@code start}, after it unless {@code inclusive}), then queues every line of
         * the route's sources. A line stamped later than the position but read before it was
         * queued before the position was: held back until the position shows up, and dropped
         * then. If lines later than the window come first, the position is no longer in Docker's
         * log: what is held is queued, and the missing stretch is reported as a gap.
         */
        private final class Pass implements java.util.function.Consumer<LogMessage> {
            private final LogMessage start;
            private final boolean inclusive;
            private final List<LogMessage> held = new ArrayList<>();
            private boolean found;
            private boolean sawEarlier;
            private boolean queuedAny;

            /** @param start null: from the log's start */
            Pass(LogMessage start, boolean inclusive) {
                this.start = start;
                this.inclusive = inclusive;
                this.found = start == null;
            }

            @Override
            public void accept(LogMessage message) {
                if (!filter.matchesSource(message.source())) {
                    return;
                }
                if (!found) {
                    if (message.sameLine(start)) {
                        found = true;
                        held.clear();
                        if (inclusive) {
                            queue(message);
                        }
                        return;
                    }
                    if (message.timeNanos() <= start.timeNanos() + SEARCH_WINDOW_NANOS) {
                        if (message.timeNanos() > start.timeNanos()) {
                            held.add(message);
                        } else {
                            sawEarlier = true;
                        }
                        return;
                    }
                    positionGone(message);
                }
                queue(message);
            }

            private void positionGone(LogMessage next) {
                found = true;
                LogMessage first = held.isEmpty() ? next : held.getFirst();
                if (!sawEarlier) {
                    gaps.rotated(routeId, container, start.timeNanos(), first.timeNanos());
                }
                for (LogMessage message : held) {
                    queue(message);
                }
                held.clear();
            }

            private void queue(LogMessage message) {
                enqueue(message);
                queuedAny = true;
            }

            /** The read reached the log's end. */
            void end() {
                if (!found && !held.isEmpty()) {
                    positionGone(held.getFirst());
                }
            }

            boolean queuedAny() {
                return queuedAny;
            }

            /** Docker's time of the last line known queued. */
            long position() {
                synchronized (Lane.this) {
                    return caughtUpTo != null ? caughtUpTo.timeNanos() : start != null ? start.timeNanos() : 0;
                }
            }
        }
    }
}
