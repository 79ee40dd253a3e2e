package io.logspout.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Route;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void theRoutesTableMasksHeaderOptions() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Route route = Route.builder().adapter("otlp+https").address("collector:4318")
                .option("header.Authorization", "Bearer s3cr3t").option("format", "json").build();

        Banner.routes(LoggerFactory.getLogger(BannerTest.class), new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(route));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("map[format:json header.Authorization:****]").doesNotContain("s3cr3t");
    }
}
