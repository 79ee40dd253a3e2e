package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumePositionTest {
    private final ResumePosition position = new ResumePosition();

    @Test
    void startsAtTheOldestOfTheLastEntriesRead() {
        for (long time = 1; time <= 300; time++) {
            position.taken(time);
        }

        long oldestRemembered = 300 - ResumePosition.REMEMBERED + 1;
        assertThat(position.since()).isEqualTo(oldestRemembered);
        assertThat(position.takenSince(oldestRemembered)).isEqualTo(ResumePosition.REMEMBERED);
        assertThat(position.newest()).isEqualTo(300);
    }

    @Test
    void goesBackForAnEntryStampedEarlierThanTheNewest() {
        position.taken(10);
        position.taken(30);
        position.taken(20);

        assertThat(position.since()).isEqualTo(10);
        assertThat(position.takenSince(10)).isEqualTo(3);
        assertThat(position.newest()).isEqualTo(30);
    }

    @Test
    void neverAsksForgottenEntriesAgain() {
        position.taken(1_000);
        for (long time = 1; time < ResumePosition.REMEMBERED; time++) {
            position.taken(time);
        }
        assertThat(position.since()).isEqualTo(1);

        position.taken(ResumePosition.REMEMBERED); // 1000 falls out of the remembered entries

        assertThat(position.since()).isEqualTo(1_001);
        assertThat(position.takenSince(1_001)).isZero();
    }

    @Test
    void countsEntriesThatShareATimestamp() {
        position.taken(5);
        position.taken(7);
        position.taken(7);
        position.taken(7);

        assertThat(position.takenSince(7)).isEqualTo(3);
        assertThat(position.takenSince(position.since())).isEqualTo(4);
    }

    @Test
    void isNotStartedBeforeTheFirstEntry() {
        assertThat(position.started()).isFalse();
        position.taken(1);
        assertThat(position.started()).isTrue();
    }
}
