package io.logspout.core.pump;

import java.time.Duration;

/**
 * Pauses between attempts against the Docker engine: 100 ms, doubling up to 30 s, back to the
 * start after {@link #reset()} once things work again. Not thread-safe: one per retry loop.
 */
final class RetryDelay {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** Sleeps for the current delay and doubles the next one. */
    void pause() throws InterruptedException {
        Thread.sleep(next);
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
    }

    void reset() {
        next = FIRST;
    }
}
