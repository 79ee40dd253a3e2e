package io.logspout.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline, instead of sleeping a fixed time. */
public final class Await {
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(2).toNanos();
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails once {@code timeout} has passed without it.
     *
     * @param describe says what was awaited and what was last seen, for the failure message,
     *     e.g. {@code () -> "3 lines, got " + sink.lines()}; it is called only on failure
     * @throws AssertionError when the deadline passes (or the thread is interrupted)
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + describe.get());
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(pause, left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + describe.get(), e);
            }
            // Quick conditions are seen quickly; slow ones are not polled in a busy loop.
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }
}
