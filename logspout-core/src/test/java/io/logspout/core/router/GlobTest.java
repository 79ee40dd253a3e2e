package io.logspout.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GlobTest {
    private static final boolean BAD_PATTERN = true;

    /** Go's own table for path.Match (golang/go src/path/match_test.go): pattern, name, match, ErrBadPattern. */
    static Stream<Arguments> goMatchTests() {
        return Stream.of(
                go("abc", "abc", true),
                go("*", "abc", true),
                go("*c", "abc", true),
                go("a*", "a", true),
                go("a*", "abc", true),
                go("a*", "ab/c", false),
                go("a*/b", "abc/b", true),
                go("a*/b", "a/c/b", false),
                go("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                go("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
                go("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                go("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
                go("a*b?c*x", "abxbbxdbxebxczzx", true),
                go("a*b?c*x", "abxbbxdbxebxczzy", false),
                go("ab[c]", "abc", true),
                go("ab[b-d]", "abc", true),
                go("ab[e-g]", "abc", false),
                go("ab[^c]", "abc", false),
                go("ab[^b-d]", "abc", false),
                go("ab[^e-g]", "abc", true),
                go("a\\*b", "a*b", true),
                go("a\\*b", "ab", false),
                go("a?b", "a☺b", true),
                go("a[^a]b", "a☺b", true),
                go("a???b", "a☺b", false),
                go("a[^a][^a][^a]b", "a☺b", false),
                go("[a-ζ]*", "α", true),
                go("*[a-ζ]", "A", false),
                go("a?b", "a/b", false),
                go("a*b", "a/b", false),
                go("[\\]a]", "]", true),
                go("[\\-]", "-", true),
                go("[x\\-]", "x", true),
                go("[x\\-]", "-", true),
                go("[x\\-]", "z", false),
                go("[\\-x]", "x", true),
                go("[\\-x]", "-", true),
                go("[\\-x]", "a", false),
                bad("[]a]", "]"),
                bad("[-]", "-"),
                bad("[x-]", "x"),
                bad("[x-]", "-"),
                bad("[x-]", "z"),
                bad("[-x]", "x"),
                bad("[-x]", "-"),
                bad("[-x]", "a"),
                bad("\\", "a"),
                bad("[a-b-c]", "a"),
                bad("[", "a"),
                bad("[^", "a"),
                bad("[^bc", "a"),
                bad("a[", "a"),
                bad("a[", "ab"),
                bad("a[", "x"),
                bad("a/b[", "x"),
                go("*x", "xxx", true));
    }

    private static Arguments go(String pattern, String name, boolean match) {
        return Arguments.of(pattern, name, match, !BAD_PATTERN);
    }

    private static Arguments bad(String pattern, String name) {
        return Arguments.of(pattern, name, false, BAD_PATTERN);
    }

    @ParameterizedTest(name = "Match({0}, {1}) = {2}, bad pattern {3}")
    @MethodSource("goMatchTests")
    void agreesWithGoPathMatch(String pattern, String name, boolean match, boolean badPattern) {
        Glob glob = Glob.compile(pattern);

        assertThat(glob.valid()).isEqualTo(!badPattern);
        assertThat(glob.matches(name)).isEqualTo(match);
    }

    @ParameterizedTest(name = "Match({0}, {1}) = {2}")
    @MethodSource
    void moreCases(String pattern, String name, boolean match) {
        assertThat(Glob.compile(pattern).matches(name)).isEqualTo(match);
    }

    static Stream<Arguments> moreCases() {
        return Stream.of(
                // The empty pattern matches only the empty name.
                Arguments.of("", "", true),
                Arguments.of("", "a", false),
                Arguments.of("*", "", true),
                Arguments.of("**", "abc", true),
                Arguments.of("*_db", "app_db", true),
                Arguments.of("*_db", "app_db2", false),
                Arguments.of("*_db", "app_DB", false),
                Arguments.of("web-?", "web-1", true),
                Arguments.of("web-?", "web-10", false),
                // A class may match '/', unlike '?' and '*'.
                Arguments.of("a[^x]b", "a/b", true),
                Arguments.of("a[/]b", "a/b", true),
                // '*' inside a class is a character, not a star.
                Arguments.of("[*]", "*", true),
                Arguments.of("[*]", "a", false),
                Arguments.of("x[a*]y", "x*y", true),
                Arguments.of("[z-a]", "m", false),
                Arguments.of("a\\", "a", false),
                // A star's chunk is matched at its leftmost place, the last one must end the name.
                Arguments.of("*ab", "aab", true),
                Arguments.of("*a?", "abab", true),
                Arguments.of("*/*", "a/b", true),
                Arguments.of("*/*", "a/b/c", false),
                Arguments.of("a*b", "ab", true),
                // Characters outside the BMP count once.
                Arguments.of("?", "😀", true),
                Arguments.of("[😀]", "😀", true),
                Arguments.of("[^a]x", "😀x", true),
                Arguments.of("*😀", "ab😀", true));
    }

    @Test
    void aMalformedPatternMatchesNothingNotEvenItself() {
        Glob glob = Glob.compile("app[");

        assertThat(glob.valid()).isFalse();
        assertThat(glob.matches("app[")).isFalse();
        assertThat(glob.matches("app")).isFalse();
        assertThat(glob.pattern()).isEqualTo("app[");
    }

    @Test
    void matchingAllocatesNothing() {
        Glob glob = Glob.compile("*_[a-z]?b*");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        boolean sink = false;
        for (int i = 0; i < 20_000; i++) {
            sink ^= glob.matches("my-long-application_xyb-1");
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink ^= glob.matches("my-long-application_xyb-1");
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isFalse();
        assertThat(allocated).as("bytes allocated by 100000 matches").isLessThan(10_000);
    }
}
