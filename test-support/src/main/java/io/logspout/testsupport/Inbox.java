package io.logspout.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a sink received, in arrival order, with waits that wake on arrival rather than poll.
 * Shared by the TCP and UDP sinks.
 */
final class Inbox<T> {
    /** How many of the last items a failure message shows. */
    private static final int SHOWN_ON_FAILURE = 20;

    private final String itemsName;
    private final Function<T, String> show;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<T> items = new ArrayList<>();

    /**
     * @param itemsName what the items are called in failure messages ("lines", "datagrams")
     * @param show how an item is shown in failure messages
     */
    Inbox(String itemsName, Function<T, String> show) {
        this.itemsName = itemsName;
        this.show = show;
    }

    void add(T item) {
        lock.lock();
        try {
            items.add(item);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<T> snapshot() {
        lock.lock();
        try {
            return List.copyOf(items);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            items.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} items are there and returns all of them. */
    List<T> awaitCount(int count, Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (items.size() < count) {
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + count + " " + itemsName
                            + "; " + describeLocked());
                }
                left = arrived.awaitNanos(left);
            }
            return List.copyOf(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + count + " " + itemsName, e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an item matches and returns the first one that does. */
    T awaitMatch(Predicate<? super T> matcher, Duration timeout) {
        long left = timeout.toNanos();
        int checked = 0;
        lock.lock();
        try {
            while (true) {
                for (; checked < items.size(); checked++) {
                    if (matcher.test(items.get(checked))) {
                        return items.get(checked);
                    }
                }
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for a matching one of the "
                            + itemsName + "; " + describeLocked());
                }
                left = arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a matching one of the " + itemsName, e);
        } finally {
            lock.unlock();
        }
    }

    private String describeLocked() {
        int from = Math.max(0, items.size() - SHOWN_ON_FAILURE);
        StringBuilder text = new StringBuilder("received ").append(items.size()).append(' ').append(itemsName);
        if (!items.isEmpty()) {
            text.append(from == 0 ? ":" : ", the last " + (items.size() - from) + ":");
            for (T item : items.subList(from, items.size())) {
                text.append("\n  ").append(show.apply(item));
            }
        }
        return text.toString();
    }
}
