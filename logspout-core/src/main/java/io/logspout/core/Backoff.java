package io.logspout.core;

import java.time.Duration;

/**
 * Exponential backoff for one outage: {@code initial}, doubling up to {@code max}. After
 * {@code retries} attempts the outage counts as a failure and the pace drops to {@code max}.
 * Not thread-safe: one per retry loop; {@link #reset()} once things work again.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final int retries;
    private int attempts;

    public Backoff(Duration initial, Duration max, int retries) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.retries = retries;
    }

    /** Backoff that doubles up to {@code max} and never counts as exhausted. */
    public Backoff(Duration initial, Duration max) {
        this(initial, max, Integer.MAX_VALUE);
    }

    /** Sleeps for the next delay. */
    public void pause() throws InterruptedException {
        Thread.sleep(nextDelayMillis());
    }

    /** The pause before the next attempt, counting this attempt. */
    public long nextDelayMillis() {
        attempts = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
        if (attempts > retries) {
            return maxMillis;
        }
        long delay = initialMillis << Math.min(attempts - 1, 30);
        return Math.min(delay, maxMillis);
    }

    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
