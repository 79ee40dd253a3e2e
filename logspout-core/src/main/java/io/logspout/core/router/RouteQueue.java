package io.logspout.core.router;

import io.logspout.api.LogMessage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A route's queue, bounded in lines ({@code ROUTE_QUEUE_SIZE}) and in bytes
 * ({@code ROUTE_QUEUE_BYTES}), so memory stays bounded whatever the lines' length. Many reader
 * threads offer, one sender drains. The byte bound is checked before a line is added, so it may
 * be passed by one line per offering thread at most.
 */
final class RouteQueue {
    /** What a queued message costs besides its text: the message, its string and the queue slot. */
    private static final int OVERHEAD_BYTES = 96;
    /** How long a waiter sleeps at most between looks, should a wake-up be missed. */
    private static final long ROOM_POLL_MILLIS = 100;

    /** What {@link #wakeTaker()} queues: no line, nothing to send. */
    private static final Object WAKE_UP = new Object();

    private final BlockingQueue<Object> items;
    private final int maxLines;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final Object room = new Object();
    /** The sender while it lingers ({@link #awaitLines}), else null; offers wake it once it has its lines. */
    private volatile Thread lingering;
    private volatile int lingerLines;
    /** Set by {@link #wakeTaker()}: the queue is stopping, lingers end at once. */
    private volatile boolean woken;

    RouteQueue(int maxLines, long maxBytes) {
        this.items = new ArrayBlockingQueue<>(maxLines);
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** What {@code item} counts against the byte bound: a line's text and overhead; other items nothing. */
    static long weight(Object item) {
        return switch (item) {
            case LogMessage message -> message.data().length() + OVERHEAD_BYTES;
            case Replay.Line line -> line.message().data().length() + OVERHEAD_BYTES;
            default -> 0;
        };
    }

    /** Adds {@code item} if it fits in both bounds; never waits. */
    boolean offer(Object item) {
        long weight = weight(item);
        if (weight > 0 && bytes.get() + weight > maxBytes && bytes.get() > 0) {
            return false;
        }
        if (!items.offer(item)) {
            return false;
        }
        bytes.addAndGet(weight);
        Thread waiting = lingering;
        if (waiting != null && items.size() >= lingerLines) {
            LockSupport.unpark(waiting);
        }
        return true;
    }

    /** Adds {@code item}, waiting up to {@code timeoutMillis} for room; false when there was none. */
    boolean offer(Object item, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!offer(item)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            awaitRoom(false, Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, ROOM_POLL_MILLIS));
        }
        return true;
    }

    /** Adds {@code item}, waiting for room as long as it takes. */
    void put(Object item) throws InterruptedException {
        while (!offer(item)) {
            awaitRoom(false, ROOM_POLL_MILLIS);
        }
    }

    /**
     * Waits until the queue has room, or with {@code half} until it is at most half full in lines
     * and bytes (a catch-up reader starts then, rather than for every free slot), or until
     * {@code millis} passed.
     */
    void awaitRoom(boolean half, long millis) throws InterruptedException {
        synchronized (room) {
            if (!hasRoom(half)) {
                room.wait(millis);
            }
        }
    }

    boolean hasRoom(boolean half) {
        return half ? items.size() <= maxLines / 2 && bytes.get() <= maxBytes / 2
                : items.remainingCapacity() > 0 && bytes.get() < maxBytes;
    }

    Object poll(long timeoutMillis) throws InterruptedException {
        Object item = items.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (item != null) {
            taken(weight(item));
        }
        return item == WAKE_UP ? null : item;
    }

    /** Waits for the next item; null when {@link #wakeTaker()} ended the wait. */
    Object take() throws InterruptedException {
        Object item = items.take();
        taken(weight(item));
        return item == WAKE_UP ? null : item;
    }

    /**
     * Waits until the queue holds {@code lines} items, or {@code nanos} passed: the sender's
     * linger. It ends as soon as the queue has a batch's worth: a plain sleep let a queue that
     * fills at 250 000 lines a second reach its bound during a 100 ms linger, and the heap with it.
     */
    void awaitLines(int lines, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        lingerLines = lines;
        lingering = Thread.currentThread();
        try {
            long left;
            while (!woken && items.size() < lines && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            lingering = null;
        }
    }

    /**
     * Ends a wait of {@link #take()} now or the next one, unless the queue is full (then a take
     * does not wait), and any linger ({@link #awaitLines}) from now on. Its mark takes a slot
     * until a take or drain removes it.
     */
    void wakeTaker() {
        woken = true;
        items.offer(WAKE_UP);
        Thread waiting = lingering;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Moves up to {@code max} items to {@code into}. */
    void drainTo(List<Object> into, int max) {
        int before = into.size();
        items.drainTo(into, max);
        long weight = 0;
        for (int i = before; i < into.size(); i++) {
            Object item = into.get(i);
            if (item == WAKE_UP) {
                into.remove(i--);
            } else {
                weight += weight(item);
            }
        }
        taken(weight);
    }

    private void taken(long weight) {
        bytes.addAndGet(-weight);
        synchronized (room) {
            room.notifyAll();
        }
    }

    int size() {
        return items.size();
    }

    /** A copy of what is queued now, oldest first: for scrapes and health checks, not per line. */
    Object[] toArray() {
        return items.toArray();
    }

    long bytes() {
        return bytes.get();
    }

    int maxLines() {
        return maxLines;
    }
}
