package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();

        Await.until(Duration.ofSeconds(10), () -> polls.incrementAndGet() == 3, () -> "third poll");

        assertThat(polls).hasValue(3);
    }

    @Test
    void failsAfterTheTimeoutWithWhatWasLastSeen() {
        AtomicInteger polls = new AtomicInteger();

        assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), () -> polls.incrementAndGet() < 0,
                () -> "a negative count, last " + polls.get()))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Timed out after PT0.05S waiting for a negative count, last " + polls.get());
        assertThat(polls.get()).isGreaterThan(1);
    }
}
