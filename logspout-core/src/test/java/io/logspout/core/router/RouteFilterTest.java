package io.logspout.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteFilterTest {
    private static final String ID = "3b6ba57db54a7a1e2c6d9b3e0f4a5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";

    private static ContainerInfo container(String name, Map<String, String> labels) {
        return new ContainerInfo(ID, name, "busybox:latest", "sha256:0", "host", labels, List.of(), 42, false, Map.of());
    }

    private static final ContainerInfo APP_DB = container("/app_db", Map.of("a", "xenon", "b", "happy"));

    private static RouteFilter filter(Route.Builder route) {
        return RouteFilter.of(route.adapter("raw").address("h:1").build());
    }

    @Test
    void noFilterTakesEverything() {
        RouteFilter filter = filter(Route.builder());

        assertThat(filter.matchesContainer(APP_DB)).isTrue();
        assertThat(filter.matchesSource(LogMessage.STDOUT)).isTrue();
        assertThat(filter.matchesSource(LogMessage.STDERR)).isTrue();
    }

    @Test
    void aNarrowedFilterTakesOnlyWhatBothTake() {
        RouteFilter route = filter(Route.builder().filterName("app_*").filterSources(List.of(LogMessage.STDOUT, LogMessage.STDERR)));
        ContainerInfo appWeb = container("/app_web", Map.of("a", "argon"));

        RouteFilter narrowed = route.and(filter(Route.builder().filterLabels(List.of("a:x*")).filterSources(List.of(LogMessage.STDERR))));

        assertThat(narrowed.matchesContainer(APP_DB)).isTrue();
        assertThat(narrowed.matchesContainer(appWeb)).as("the narrower filter's label").isFalse();
        assertThat(narrowed.matchesContainer(container("/db", Map.of("a", "xenon")))).as("the route's own name").isFalse();
        assertThat(narrowed.matchesSource(LogMessage.STDERR)).isTrue();
        assertThat(narrowed.matchesSource(LogMessage.STDOUT)).isFalse();
        assertThat(route.matchesContainer(appWeb)).as("the route's filter is left as it was").isTrue();
        assertThat(route.matchesSource(LogMessage.STDOUT)).isTrue();
        assertThat(narrowed.and(filter(Route.builder().filterName("*_web"))).matchesContainer(APP_DB)).as("a third filter narrows again").isFalse();
    }

    @Test
    void idMatchesAPrefixOfTheShortId() {
        assertThat(filter(Route.builder().filterId("3b6ba57db54a")).matchesContainer(APP_DB)).isTrue();
        assertThat(filter(Route.builder().filterId("3b6b")).matchesContainer(APP_DB)).isTrue();
        assertThat(filter(Route.builder().filterId("3b6c")).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterId("3B6BA57DB54A")).matchesContainer(APP_DB)).isFalse();
    }

    @Test
    void idLongerThanTheShortIdMatchesOnlyAsTheWholeId() {
        assertThat(filter(Route.builder().filterId(ID)).matchesContainer(APP_DB)).isTrue();
        assertThat(filter(Route.builder().filterId(ID.substring(0, 13))).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterId(ID.substring(0, 63))).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterId(ID + "0")).matchesContainer(APP_DB)).isFalse();
    }

    @Test
    void nameIsAGlobOnTheNameWithoutItsSlash() {
        assertThat(filter(Route.builder().filterName("*_db")).matchesContainer(APP_DB)).isTrue();
        assertThat(filter(Route.builder().filterName("app_db")).matchesContainer(APP_DB)).isTrue();
        assertThat(filter(Route.builder().filterName("/app_db")).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterName("*_app")).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterName("app")).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterName("APP_DB")).matchesContainer(APP_DB)).isFalse();
        assertThat(filter(Route.builder().filterName("app_d[a-c]")).matchesContainer(APP_DB)).isTrue();
    }

    @Test
    void aMalformedNameGlobMatchesNoContainer() {
        assertThat(filter(Route.builder().filterName("app_db[")).matchesContainer(container("/app_db[", Map.of()))).isFalse();
    }

    @Test
    void labelEntriesAreAllRequired() {
        // The README's example: label 'a' starting with 'x' and label 'b' ending in 'y'.
        RouteFilter filter = filter(Route.builder().filterLabels(List.of("a:x*", "b:*y")));

        assertThat(filter.matchesContainer(APP_DB)).isTrue();
        assertThat(filter.matchesContainer(container("/c", Map.of("a", "xenon", "b", "sad")))).isFalse();
        assertThat(filter.matchesContainer(container("/c", Map.of("a", "neon", "b", "happy")))).isFalse();
        assertThat(filter.matchesContainer(container("/c", Map.of("a", "xenon")))).isFalse();
    }

    @Test
    void aMissingLabelCountsAsEmpty() {
        ContainerInfo unlabelled = container("/c", Map.of());

        assertThat(filter(Route.builder().filterLabels(List.of("foo:*"))).matchesContainer(unlabelled)).isTrue();
        assertThat(filter(Route.builder().filterLabels(List.of("foo:bar"))).matchesContainer(unlabelled)).isFalse();
        assertThat(filter(Route.builder().filterLabels(List.of("foo:?*"))).matchesContainer(unlabelled)).isFalse();
    }

    @Test
    void labelEntriesWithoutColonOrPatternAlwaysPass() {
        ContainerInfo other = container("/c", Map.of("foo", "other"));

        assertThat(filter(Route.builder().filterLabels(List.of("foo"))).matchesContainer(other)).isTrue();
        assertThat(filter(Route.builder().filterLabels(List.of("foo:"))).matchesContainer(other)).isTrue();
        assertThat(filter(Route.builder().filterLabels(List.of(""))).matchesContainer(other)).isTrue();
        assertThat(filter(Route.builder().filterLabels(List.of("foo", "foo:bar"))).matchesContainer(other)).isFalse();
    }

    @Test
    void labelEntriesSplitAtTheFirstColon() {
        RouteFilter filter = filter(Route.builder().filterLabels(List.of("url:http://*")));

        assertThat(filter.matchesContainer(container("/c", Map.of("url", "http://x")))).isTrue();
        assertThat(filter.matchesContainer(container("/c", Map.of("url:http", "//x")))).isFalse();
    }

    @Test
    void aMalformedLabelGlobMatchesNoContainer() {
        assertThat(filter(Route.builder().filterLabels(List.of("a:[x"))).matchesContainer(container("/c", Map.of("a", "[x")))).isFalse();
    }

    @Test
    void allContainerFiltersMustPass() {
        RouteFilter filter = filter(Route.builder().filterId("3b6b").filterName("*_db").filterLabels(List.of("a:x*")));

        assertThat(filter.matchesContainer(APP_DB)).isTrue();
        assertThat(filter.matchesContainer(container("/app_web", APP_DB.labels()))).isFalse();
        assertThat(filter.matchesContainer(container("/app_db", Map.of()))).isFalse();
    }

    @Test
    void sourcesFilterLinesNotContainers() {
        RouteFilter filter = filter(Route.builder().filterSources(List.of("stderr")));

        assertThat(filter.matchesContainer(APP_DB)).isTrue();
        assertThat(filter.matchesSource(LogMessage.STDERR)).isTrue();
        assertThat(filter.matchesSource(LogMessage.STDOUT)).isFalse();
        assertThat(filter.matchesSource("STDERR")).isFalse();
    }

    @Test
    void severalSourcesAreAlternatives() {
        RouteFilter filter = filter(Route.builder().filterSources(List.of("stdout", "stderr")));

        assertThat(filter.matchesSource(LogMessage.STDOUT)).isTrue();
        assertThat(filter.matchesSource(LogMessage.STDERR)).isTrue();
    }

    @Test
    void matchingASourceAllocatesNothing() {
        RouteFilter filter = filter(Route.builder().filterSources(List.of("stdout", "stderr")));
        String source = new String("stderr".toCharArray());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int hits = 0;
        for (int i = 0; i < 20_000; i++) {
            hits += filter.matchesSource(source) ? 1 : 0;
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            hits += filter.matchesSource(source) ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isEqualTo(120_000);
        assertThat(allocated).as("bytes allocated by 100000 source checks").isLessThan(10_000);
    }
}
