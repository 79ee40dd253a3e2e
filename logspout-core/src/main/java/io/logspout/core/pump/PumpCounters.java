package io.logspout.core.pump;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the pump counts, for health checks and tests: attached containers and streams opened. */
final class PumpCounters {
    private final AtomicInteger attached = new AtomicInteger();
    private final LongAdder streamsOpened = new LongAdder();

    void attachedChanged(int delta) {
        attached.addAndGet(delta);
    }

    void streamOpened() {
        streamsOpened.increment();
    }

    int attached() {
        return attached.get();
    }

    long streamsOpened() {
        return streamsOpened.sum();
    }
}
