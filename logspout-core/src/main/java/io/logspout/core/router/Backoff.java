package io.logspout.core.router;

import java.time.Duration;

/**
 * Exponential backoff for one outage: {@code initial}, doubling up to {@code max}. After
 * {@code retries} attempts the outage counts as a failure and the pace drops to {@code max}.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final int retries;
    private int attempts;

    Backoff(Duration initial, Duration max, int retries) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.retries = retries;
    }

    /** The pause before the next attempt, counting this attempt. */
    long nextDelayMillis() {
        attempts++;
        if (attempts > retries) {
            return maxMillis;
        }
        long delay = initialMillis << Math.min(attempts - 1, 30);
        return Math.min(delay, maxMillis);
    }

    /** True once the outage has used up its retries. */
    boolean exhausted() {
        return attempts >= retries;
    }

    int attempts() {
        return attempts;
    }

    void reset() {
        attempts = 0;
    }
}
