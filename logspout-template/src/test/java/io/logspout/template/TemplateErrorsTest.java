package io.logspout.template;

import static io.logspout.template.TemplateFixtures.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.ConfigException;
import io.logspout.api.TemplateFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad template fails at compile time with a message that names the setting, shows it and says why. */
class TemplateErrorsTest {
    private static final Map<String, TemplateFunction> PRIORITY = Map.of("Priority", (message, arguments) -> 14);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        // lexing
        "{{ .Data => unclosed action",
        "{{ \"open }} => unterminated quoted string",
        "{{ (.Data }} => unclosed left paren",
        "{{ .Data) }} => unexpected right paren",
        "{{/* open }} => unclosed comment",
        "{{/* c */ .Data }} => comment ends before closing delimiter",
        "{{ 1i }} => complex numbers are not supported",
        "{{ 0x1p-2 }} => hexadecimal floats are not supported",
        "{{ 08 ? }} => illegal number syntax: 08",
        "{{ 1__0 ? }} => illegal number syntax: 1__0",
        "{{ 99999999999999999999 }} => number out of range",
        "{{ 12abc }} => bad number syntax",
        "{{ \"\\q\" ? }} => unknown escape sequence \\q",
        "{{ \"\\'\" ? }} => invalid escape \\' in quoted text",
        "{{ \"\\xZZ\" ? }} => invalid digit 'Z' in escape",
        "{{ \"\\uD800\" ? }} => invalid Unicode code point",
        "{{ 'ab' ? }} => malformed character constant",
        // parsing
        "{{ }} => missing value for command",
        "{{ foo .Data }} => function \"foo\" not defined",
        "{{ $x }} => undefined variable \"$x\"",
        "{{ $x := 1 }}{{ $x = 2 }} => assigning with = is not supported",
        "{{ .Data | \"x\" }} => non executable command in pipeline stage 2",
        "{{ . \"x\" }} => can't give argument to non-function \".\"",
        "{{ \"x\".Y ? }} => unexpected . after term",
        "{{ if .Data }}x => {{if}} has no {{end}}",
        "{{ range .Data }}x{{ else }} => {{range}} has no {{end}}",
        "{{ range .X }}a{{ else }}b{{ else }}c{{ end }} => expected {{end}}; found {{else}}",
        "{{ if .Data }}{{ else if }}{{ end }} => missing value for if",
        "{{ range .X }}{{ else if .Y }}{{ end }} => unexpected \"if\" in else",
        "{{ end }} => unexpected {{end}}",
        "{{ else }} => unexpected {{else}}",
        "{{ end .Data }} => unexpected \".Data\" in end",
        "{{ with $a, $b := .X }}{{ end }} => too many declarations in with",
        "{{ range $a, 1 := .X }}{{ end }} => range can only initialize variables",
        "{{ template \"x\" }} => {{template}} is not supported",
        "{{ define \"x\" }}{{ end }} => {{define}} is not supported",
        "{{ range .X }}{{ break }}{{ end }} => {{break}} is not supported",
        // checks Go makes when running the template
        "{{ .Nope }} => can't evaluate field Nope of the message; it has Container, Source, Data, Time, Key",
        "{{ .Data.Length }} => can't evaluate field Length in type string",
        "{{ (len .Data).X }} => can't evaluate field X in type a number or bool",
        "{{ .Time.Year }} => can't evaluate field Year in type time.Time; supported: Format, Local, String, UTC, Unix",
        "{{ .Time.Format }} => wrong number of args for Format: want 1 got 0",
        "{{ .Time.Unix 1 }} => wrong number of args for Unix: want 0 got 1",
        "{{ .Time.Format 5 }} => wrong type for value; expected string; got a number or bool",
        "{{ .Data \"x\" }} => Data has arguments but cannot be invoked as function",
        "{{ .Container.Name \"x\" }} => Name has arguments but cannot be invoked as function",
        "{{ \"x\" \"y\" }} => can't give argument to non-function a constant",
        "{{ nil }} => nil is not a command",
        "{{ toJSON }} => wrong number of args for toJSON: want 1 got 0",
        "{{ toJSON .Data .Source }} => wrong number of args for toJSON: want 1 got 2",
        "{{ index }} => wrong number of args for index: want at least 1 got 0",
        "{{ eq .Data }} => missing argument for comparison",
        "{{ ne 1 }} => wrong number of args for ne: want 2 got 1",
        "{{ printf \"%s\" .Data }} => function \"printf\" is not supported; supported functions: and, eq, ge, gt, index, le, len",
        "{{ .Data | html }} => function \"html\" is not supported",
        // neither Go nor Pebble
        "{{ nosuch }} => function \"nosuch\" not defined (read as a Pebble expression: unknown variable \"nosuch\"; variables: Container, Source, Data, Time, Key)",
        "{{ Data | nosuch }} => unknown filter \"nosuch\"",
        "{{ nosuch(Data) }} => unknown function \"nosuch\"",
        "{{ Data is nosuch }} => unknown test \"nosuch\"",
        "{{ Data ? }} => function \"Data\" not defined (read as a Pebble expression:",
        "{{ .Data ? }} => unexpected \"?\" in operand (read as a Pebble expression:",
        "{{ 'a' ~ block('x') }} => block() is not available",
        "{{ block \"x\" . }}{{ end }} => {{block}} is not supported",
        "{{ Data[ }} => bad character U+005B '['",
        "{{ .Container..Name }} => unexpected \".\" in operand",
        "{{ .Container.Na-me }} => bad character U+002D '-'"})
    void rejected(String template, String problem) {
        assertThatThrownBy(() -> TEMPLATES.compile("RAW_FORMAT", template))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("RAW_FORMAT is not a valid template: ")
                .hasMessageContaining(problem)
                .hasMessageContaining(" of \"" + template + "\". Accepted: Go template actions");
    }

    @Test
    void anUnterminatedRawString() {
        assertThatThrownBy(() -> TEMPLATES.compile("RAW_FORMAT", "{{ `open }}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unterminated raw quoted string");
    }

    @Test
    void whatIsNotGoButIsPebbleIsAccepted() {
        // Go rejects these; as Pebble expressions they are fine (a string, a number).
        assertThat(TEMPLATES.compile("T", "{{ 'ab' }} {{ 08 }} {{ \"\\q\" }}").render(TemplateFixtures.message("x"))).isEqualTo("ab 8 \\q");
    }

    @Test
    void theMessageSaysWhereAndWhatIsAccepted() {
        assertThatThrownBy(() -> TEMPLATES.compile("SYSLOG_TAG", "a\n  {{ .Tag }}\t", PRIORITY))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SYSLOG_TAG is not a valid template: can't evaluate field Tag of the message; it has Container, Source,"
                        + " Data, Time, Key and the adapter's Priority at line 2, column 6 of \"a\\n  {{ .Tag }}\\t\". Accepted: Go"
                        + " template actions such as {{.Data}}, {{.Container.Name}}, {{ toJSON .Data }},"
                        + " {{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }} and {{if}}, {{range}}, {{with}} ... {{else}} ..."
                        + " {{end}}, over the fields Container, Source, Data, Time, Key, Priority with the functions and, eq, ge, gt,"
                        + " index, le, len, lt, ne, not, or, print, println, toJSON; or a Pebble expression between {{ and }}");
    }

    @Test
    void adapterFunctionNamesMustBeIdentifiers() {
        assertThatThrownBy(() -> TEMPLATES.compile("T", "{{.Data}}", Map.of("not a name", (message, arguments) -> "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"not a name\"");
        assertThatThrownBy(() -> TEMPLATES.compile("T", "{{.Data}}", Map.of("__render", (message, arguments) -> "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"__render\"");
    }

    @Test
    void pebbleNamesIncludeTheAdapterFunctions() {
        assertThat(TEMPLATES.compile("T", "{{ Priority + 1 }}", PRIORITY).render(TemplateFixtures.message("x"))).isEqualTo("15");
        assertThatThrownBy(() -> TEMPLATES.compile("T", "{{ Priority + 1 }}"))
                .hasMessageContaining("unknown variable \"Priority\"");
    }
}
