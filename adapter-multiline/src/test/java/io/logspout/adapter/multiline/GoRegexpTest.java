package io.logspout.adapter.multiline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RE2 forms that java.util.regex reads differently pick the same lines as in Go. */
class GoRegexpTest {

    private static boolean finds(String re2, String line) {
        return GoRegexp.compile(re2).matcher(line).find();
    }

    @ParameterizedTest(name = "{0} in \"{1}\": {2}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "[[:alpha:]]+$      => abc     => true",
        "^[[:alpha:]]+$     => abc1    => false",
        "^[[:^digit:]]+$    => abc     => true",
        "^[[:^digit:]]+$    => ab1     => false",
        "^[[:space:]]       => \" x\"  => true",
        "^[[:word:]]+$      => a_1     => true",
        "^[[:^word:]]$      => -       => true",
        "^[[:xdigit:]]+$    => 0fA     => true",
        "^[a&&b]$           => &       => true",
        "^[[]$              => [       => true",
        "^[]a]$             => ]       => true",
        "^[^]a]$            => ]       => false",
        "^(?P<lvl>WARN|ERROR) => ERROR x => true",
        "(?U)^a+$           => aaa     => true",
        "(?iU)^abc$         => ABC     => true",
        "(?U:a+)b           => aab     => true",
        "(?i)^\u00e9t\u00e9$ => \u00c9T\u00c9 => true",
        "\\Q[[:x:]]\\E      => [[:x:]] => true",
    })
    void re2FormsMatchAsInGo(String re2, String line, boolean expected) {
        assertThat(finds(re2.strip(), line)).isEqualTo(expected);
    }

    @Test
    void onlyNewlineEndsALine() {
        assertThat(finds(":$", "key:\r")).as("$ before a final \\r").isFalse();
        assertThat(finds("^a.b$", "a\rb")).as(". matches \\r").isTrue();
        assertThat(finds("^a.b$", "a\u2028b")).as(". matches U+2028").isTrue();
    }

    @Test
    void backslashVIsTheVerticalTabOnly() {
        assertThat(finds("\\v", "a\u000bb")).isTrue();
        assertThat(finds("\\v", "a\rb")).isFalse();
    }

    @Test
    void otherFormsAreCopied() {
        assertThat(GoRegexp.toJava("^(DETAIL:|STATEMENT:|Traceback|\\s)")).isEqualTo("^(DETAIL:|STATEMENT:|Traceback|\\s)");
        assertThat(GoRegexp.toJava("(?:a)(?i)(?s:b)[\\]x]")).isEqualTo("(?:a)(?i)(?s:b)[\\]x]");
    }

    @Test
    void anUnknownPosixClassIsAnError() {
        assertThatThrownBy(() -> GoRegexp.compile("[[:foo:]]"))
                .isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("invalid character class range [:foo:]");
    }
}
