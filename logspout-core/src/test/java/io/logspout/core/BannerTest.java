package io.logspout.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BannerTest {

    @Test
    void aHeapFarLargerThanNeededIsNamedWithTheOptionsThatKeepItSmall() {
        assertThat(Banner.heapAdvice(6L << 30)).hasValueSatisfying(advice -> assertThat(advice)
                .startsWith("the heap may grow to 6144 MB")
                .contains(Banner.SMALL_HOST_OPTIONS));
    }

    @Test
    void aBoundedHeapIsNotMentioned() {
        assertThat(Banner.heapAdvice(128L << 20)).isEmpty();
        assertThat(Banner.heapAdvice(Banner.ROOMY_HEAP_BYTES)).isEmpty();
    }
}
