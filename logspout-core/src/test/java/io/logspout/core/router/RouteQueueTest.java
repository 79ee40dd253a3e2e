package io.logspout.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender's linger: it ends when the queue has its lines or is stopping, not only when time is up. */
class RouteQueueTest {
    private static final long TEN_MINUTES = Duration.ofMinutes(10).toNanos();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a linger that waited its ten minutes fails here
    void lingerEndsOnceTheQueueHoldsItsLines() throws Exception {
        RouteQueue queue = new RouteQueue(100, 1 << 20);
        Thread producer = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < 4; i++) {
                queue.offer("item " + i);
            }
        });
        queue.offer("first");
        producer.start();
        queue.awaitLines(5, TEN_MINUTES);
        assertThat(queue.size()).isEqualTo(5);
        producer.join();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void wakeTakerEndsALingerNowAndLater() throws Exception {
        RouteQueue queue = new RouteQueue(100, 1 << 20);
        Thread lingering = Thread.ofVirtual().start(() -> {
            try {
                queue.awaitLines(50, TEN_MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queue.wakeTaker();
        lingering.join();
        queue.awaitLines(50, TEN_MINUTES); // the queue is stopping: no linger waits any more
        assertThat(queue.size()).isEqualTo(1); // the wake-up mark, for take()
    }

    @Test
    void lingerEndsWhenItsTimeIsUpWithFewerLines() throws Exception {
        RouteQueue queue = new RouteQueue(100, 1 << 20);
        queue.offer("only");
        queue.awaitLines(50, Duration.ofMillis(5).toNanos());
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void anInterruptedLingerThrows() {
        RouteQueue queue = new RouteQueue(100, 1 << 20);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> queue.awaitLines(50, TEN_MINUTES))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
