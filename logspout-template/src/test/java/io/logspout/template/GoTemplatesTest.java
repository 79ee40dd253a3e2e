package io.logspout.template;

import static io.logspout.template.TemplateFixtures.ID;
import static io.logspout.template.TemplateFixtures.IMAGE_ID;
import static io.logspout.template.TemplateFixtures.TEMPLATES;
import static io.logspout.template.TemplateFixtures.container;
import static io.logspout.template.TemplateFixtures.message;
import static io.logspout.template.TemplateFixtures.render;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import io.logspout.api.TemplateFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTemplatesTest {
    private static final LogMessage HELLO = message("hello <world> & \"friends\"");

    /** syslog's functions, as the syslog adapter defines them. */
    private static final Map<String, TemplateFunction> SYSLOG = Map.of(
            "Priority", (message, arguments) -> message.source().equals(LogMessage.STDERR) ? 11 : 14,
            "ContainerName", (message, arguments) -> message.container().bareName(),
            "ContainerNameSplitN", (message, arguments) -> message.container().bareName()
                    .split(java.util.regex.Pattern.quote((String) arguments.get(0)), ((Long) arguments.get(1)).intValue()),
            "Parts", (message, arguments) -> List.of("a", "b", "c"));

    @Test
    void messageFields() {
        assertThat(render("{{.Data}}\\n", HELLO)).isEqualTo("hello <world> & \"friends\"\n");
        assertThat(render("{{ .Source }} {{ .Data }}", HELLO)).isEqualTo("stdout hello <world> & \"friends\"");
        assertThat(render("{{$.Source}}", HELLO)).isEqualTo("stdout");
    }

    @Test
    void keyIsTheLinesStableKeyAndNotAGoFieldOfTheMessage() {
        LogMessage second = new LogMessage(HELLO.container(), LogMessage.STDOUT, "x", HELLO.timeNanos(), 1);
        assertThat(render("{{.Key}}", second)).isEqualTo(ID + ":" + HELLO.timeNanos() + ":1");
        assertThat(render("{{ toJSON .Key }} {{.Data}}", second)).isEqualTo("\"" + second.key() + "\" x");
        assertThat(render("{{ toJSON . }}", second)).as("Go's struct has no Key").doesNotContain("Key");
    }

    @Test
    void containerFieldsComeFromTheContainerAndItsInspectObject() {
        assertThat(render("{{.Container.Name}}", HELLO)).isEqualTo("/web_1");
        assertThat(render("{{.Container.ID}}|{{.Container.Id}}", HELLO)).isEqualTo(ID + "|" + ID);
        assertThat(render("{{.Container.Image}}", HELLO)).isEqualTo(IMAGE_ID);
        assertThat(render("{{.Container.Config.Image}}", HELLO)).isEqualTo("busybox:latest");
        assertThat(render("{{.Container.Config.Hostname}}", HELLO)).isEqualTo("8dfafdbc3a40");
        assertThat(render("{{.Container.State.Pid}}", HELLO)).isEqualTo("4242");
        assertThat(render("{{.Container.Config.Labels}}", HELLO)).isEqualTo("map[app:shop tier:front]");
        assertThat(render("{{.Container.Config.Labels.tier}}", HELLO)).isEqualTo("front");
        assertThat(render("{{.Container.Config.Env}}", HELLO)).isEqualTo("[PATH=/bin LANG=C]");
        assertThat(render("{{.Container.HostConfig.LogConfig.Type}}", HELLO)).isEqualTo("json-file");
        assertThat(render("{{.Container.State.Running}} {{.Container.RestartCount}}", HELLO)).isEqualTo("true 0");
        assertThat(render("{{.Container.hostconfig.logconfig.type}}", HELLO)).as("case-insensitive").isEqualTo("json-file");
    }

    @Test
    void aRenamedContainerShowsItsNewName() {
        LogMessage renamed = new LogMessage(container().withName("/shop_web_2"), LogMessage.STDOUT, "x", TemplateFixtures.TIME);
        assertThat(render("{{.Container.Name}}", renamed)).isEqualTo("/shop_web_2");
        assertThat(render("{{ toJSON .Container.Name }}", renamed)).isEqualTo("\"/shop_web_2\"");
    }

    @Test
    void aContainerWithoutInspectDataStillHasItsOwnFields() {
        ContainerInfo bare = new ContainerInfo(ID, "/bare", "img", IMAGE_ID, "host", Map.of("k", "v"), List.of("A=1"), 7, true, null);
        LogMessage message = new LogMessage(bare, LogMessage.STDERR, "x", TemplateFixtures.TIME);
        assertThat(render("{{.Container.Name}} {{.Container.Config.Hostname}} {{.Container.State.Pid}} {{.Container.Config.Tty}}"
                + " {{.Container.Config.Labels}} {{.Container.Config.Env}}", message))
                .isEqualTo("/bare host 7 true map[k:v] [A=1]");
        assertThat(render("{{ toJSON .Container }}", message)).isEqualTo("{\"Config\":{\"Env\":[\"A=1\"],\"Hostname\":\"host\","
                + "\"Image\":\"img\",\"Labels\":{\"k\":\"v\"},\"Tty\":true},\"Id\":\"" + ID + "\",\"Image\":\"" + IMAGE_ID
                + "\",\"Name\":\"/bare\",\"State\":{\"Pid\":7}}");
    }

    @Test
    void missingKeysPrintLikeGo() {
        // Go prints a missing map key as <no value>; a JSON null (nil interface) as <nil>.
        assertThat(render("{{.Container.Config.Labels.nope}}", HELLO)).isEqualTo("<no value>");
        assertThat(render("{{.Container.Nope}}|{{.Container.Nope.Deeper}}", HELLO)).isEqualTo("<no value>|<no value>");
        assertThat(render("{{.Container.HostConfig.Devices}}", HELLO)).isEqualTo("<nil>");
        assertThat(render("{{ toJSON .Container.Nope }}", HELLO)).isEqualTo("null");
        assertThat(render("{{ index .Container.Config.Labels \"nope\" }}|", HELLO)).as("index gives the zero value").isEqualTo("|");
    }

    @Test
    void valuesPrintLikeGosPercentV() {
        assertThat(render("{{ .Container.Config.Cmd }}", HELLO)).isEqualTo("[sh -c echo hi]");
        assertThat(render("{{ .Container.State }}", HELLO))
                .isEqualTo("map[Pid:4242 Running:true StartedAt:2017-10-26T11:59:30.123456789Z Status:running]");
        assertThat(render("{{ .Container.HostConfig }}", HELLO)).isEqualTo("map[Devices:<nil> LogConfig:map[Config:map[] Type:json-file]]");
        assertThat(render("{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 'a' }}", HELLO))
                .isEqualTo("42 -7 31 15 15 5 1000 97");
        assertThat(render("{{ 1.5 }} {{ 1e3 }} {{ 1e6 }} {{ 1234567.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ true }}", HELLO))
                .isEqualTo("1.5 1000 1e+06 1.234567e+06 0.0001 1e-05 true");
    }

    @Test
    void toJsonMarshalsLikeGo() {
        assertThat(render("{{ toJSON .Data }}", HELLO)).isEqualTo("\"hello \\u003cworld\\u003e \\u0026 \\\"friends\\\"\"");
        assertThat(render("{{ .Data | toJSON }}", HELLO)).isEqualTo("\"hello \\u003cworld\\u003e \\u0026 \\\"friends\\\"\"");
        assertThat(render("{{ toJSON .Container.Config.Labels }}", HELLO)).isEqualTo("{\"app\":\"shop\",\"tier\":\"front\"}");
        assertThat(render("{{ toJSON .Container.Config.Env }}", HELLO)).isEqualTo("[\"PATH=/bin\",\"LANG=C\"]");
        assertThat(render("{{ toJSON .Container.State.Pid }} {{ toJSON 1.5 }} {{ toJSON true }} {{ toJSON nil }}", HELLO))
                .isEqualTo("4242 1.5 true null");
        assertThat(render("{{ toJSON .Time }}", HELLO)).isEqualTo("\"2017-10-26T11:59:32.95Z\"");
    }

    @Test
    void toJsonOfTheWholeMessageHasGoFieldOrder() {
        String json = render("{{ toJSON . }}", message("hi"));
        assertThat(json).startsWith("{\"Container\":{\"Config\":{\"Cmd\":[\"sh\",\"-c\",\"echo hi\"],\"Env\":")
                .endsWith("},\"Source\":\"stdout\",\"Data\":\"hi\",\"Time\":\"2017-10-26T11:59:32.95Z\"}")
                .contains("\"Id\":\"" + ID + "\"", "\"Name\":\"/web_1\"", "\"HostConfig\":{\"Devices\":null,");
        assertThat(render("{{ toJSON $ }}", message("hi"))).isEqualTo(json);
    }

    @Test
    void indexWorksOnMapsListsArraysAndStrings() {
        assertThat(render("{{ index .Container.Config.Labels \"app\" }}", HELLO)).isEqualTo("shop");
        assertThat(render("{{ index .Container.Config.Env 1 }}", HELLO)).isEqualTo("LANG=C");
        assertThat(render("{{ index .Container.Config.Env 5 }}", HELLO)).as("out of range").isEqualTo("<no value>");
        assertThat(render("{{ index .Source 0 }}", HELLO)).as("a string's byte").isEqualTo("115");
        assertThat(render("{{ index .Container \"Config\" \"Labels\" \"tier\" }}", HELLO)).isEqualTo("front");
        assertThat(render("{{ index (.ContainerNameSplitN \"_\" 2) 0 }}", HELLO, SYSLOG)).as("String[]").isEqualTo("web");
        assertThat(render("{{ index .Parts 2 }}", HELLO, SYSLOG)).as("List").isEqualTo("c");
    }

    @Test
    void adapterFunctions() {
        LogMessage error = new LogMessage(container(), LogMessage.STDERR, "boom", TemplateFixtures.TIME);
        assertThat(render("{{.Priority}}", HELLO, SYSLOG)).isEqualTo("14");
        assertThat(render("<{{.Priority}}>{{.ContainerName}}: {{.Data}}\\n", error, SYSLOG)).isEqualTo("<11>web_1: boom\n");
        assertThat(render("{{ .ContainerNameSplitN \"_\" 2 }}", HELLO, SYSLOG)).isEqualTo("[web 1]");
        assertThat(render("{{ toJSON .Parts }} {{ .Parts | toJSON }} {{ len .Parts }}", HELLO, SYSLOG))
                .isEqualTo("[\"a\",\"b\",\"c\"] [\"a\",\"b\",\"c\"] 3");
        assertThat(render("{{ 2 | .ContainerNameSplitN \"_\" }}", HELLO, SYSLOG)).as("piped final argument").isEqualTo("[web 1]");
    }

    @Test
    void adapterFunctionsReceiveTheMessageAndTheirArguments() {
        List<Object> seen = new ArrayList<>();
        TemplateFunction recorder = (message, arguments) -> {
            seen.add(message.data());
            seen.addAll(arguments);
            return "ok";
        };
        assertThat(TEMPLATES.compile("T", "{{ .Record \".\" 2 -3 \"x\" }}", Map.of("Record", recorder)).render(message("line")))
                .isEqualTo("ok");
        assertThat(seen).containsExactly("line", ".", 2L, -3L, "x");
    }

    @Test
    void anAdapterFunctionMayShadowAMessageField() {
        Map<String, TemplateFunction> shadow = Map.of("Data", (message, arguments) -> "shadowed");
        assertThat(render("{{.Data}} {{.Source}}", HELLO, shadow)).isEqualTo("shadowed stdout");
    }

    @Test
    void pipelinesAndParentheses() {
        assertThat(render("{{ .Data | len }}", message("héllo"))).as("len counts UTF-8 bytes").isEqualTo("6");
        assertThat(render("{{ len (index .Container.Config.Env 0) }}", HELLO)).isEqualTo("9");
        assertThat(render("{{ (index .Container.Config.Env 0) | toJSON }}", HELLO)).isEqualTo("\"PATH=/bin\"");
        assertThat(render("{{ (.Container.Config).Hostname }}", HELLO)).isEqualTo("8dfafdbc3a40");
        assertThat(render("{{ .Data | }}", HELLO)).as("Go accepts a trailing pipe").isEqualTo(HELLO.data());
    }

    @Test
    void stringLiterals() {
        assertThat(render("{{ \"a\\tb\\n\\\"q\\\" \\\\ \\x41\\101\\u00e9\\U0001F600\" }}", HELLO))
                .isEqualTo("a\tb\n\"q\" \\ AAé\uD83D\uDE00");
        assertThat(render("{{ `raw \\n {{ }}` }}", HELLO)).isEqualTo("raw \\n {{ }}");
        assertThat(render("{{ \"it's {braces} and 'quotes'\" }}", HELLO)).isEqualTo("it's {braces} and 'quotes'");
        assertThat(render("{{ print \"a\" 1 2 \"b\" }}|{{ println 1 \"x\" }}|", HELLO)).isEqualTo("a1 2b|1 x\n|");
    }

    @Test
    void trimMarkersRemoveSurroundingWhitespace() {
        assertThat(render("a  \n {{- .Source -}} \t\n  b", HELLO)).isEqualTo("astdoutb");
        assertThat(render("a {{- /* a comment */ -}} b{{/* another */}}c", HELLO)).isEqualTo("abc");
        assertThat(render("{{ -3 }} {{-3}}", HELLO)).as("a minus without space is a number").isEqualTo("-3 -3");
    }

    @Test
    void literalTextEscapesAreInterpreted() {
        // Go logspout wrote these backslashes through; here \n \r \t \\ mean what users meant.
        assertThat(render("{{ toJSON .Data }}\\n", message("x"))).isEqualTo("\"x\"\n");
        assertThat(render("a\\tb\\r\\n\\\\n\\d", message("x"))).isEqualTo("a\tb\r\n\\n\\d");
        assertThat(render("tail\\", message("x"))).isEqualTo("tail\\");
    }

    @Test
    void literalTextKeepsItsLineEndingsThroughPebble() {
        assertThat(render("a\r\nb{{ if true }}\r\n{{ end }}\n", HELLO)).isEqualTo("a\r\nb\r\n\n");
        assertThat(render("{{if true}}\n  x\n{{end}}\n\n", HELLO)).isEqualTo("\n  x\n\n\n");
    }

    @Test
    void literalTextWithPebbleDelimitersIsVerbatim() {
        String text = "{% if x %}{# not a comment #}{ \"k\": '{{\"{\"}}' } %} #} }} { ";
        assertThat(render(text + "{{.Source}}", HELLO)).isEqualTo("{% if x %}{# not a comment #}{ \"k\": '{' } %} #} }} { stdout");
        assertThat(render("{{.Source}}{% raw %}\\n", HELLO)).isEqualTo("stdout{% raw %}\n");
        assertThat(render("x { y\\\\ '{#' {{ if true }}{%{{ end }}", HELLO)).isEqualTo("x { y\\ '{#' {%");
    }

    @Test
    void ifElse() {
        String template = "{{if eq .Source \"stderr\"}}E{{else if .Container.Config.Tty}}T{{else}}O{{end}}";
        assertThat(render(template, HELLO)).isEqualTo("O");
        assertThat(render(template, new LogMessage(container(), LogMessage.STDERR, "x", TemplateFixtures.TIME))).isEqualTo("E");
        assertThat(render("{{if .Container.Config.Labels.nope}}yes{{else}}no{{end}}", HELLO)).isEqualTo("no");
        assertThat(render("{{if and .Data (not .Container.Config.Tty)}}yes{{end}}", HELLO)).isEqualTo("yes");
        assertThat(render("{{ or .Container.Config.Labels.nope \"fallback\" }} {{ and 1 0 2 }} {{ or 0 \"\" }}", HELLO))
                .isEqualTo("fallback 0 ");
        assertThat(render("{{ ne .Source \"stdout\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }} {{ eq 3 1 2 3 }}", HELLO))
                .isEqualTo("false true true true false true");
    }

    @Test
    void rangeAndWith() {
        assertThat(render("{{range $k, $v := .Container.Config.Labels}}{{$k}}={{$v}};{{end}}", HELLO)).isEqualTo("app=shop;tier=front;");
        assertThat(render("{{range .Container.Config.Env}}[{{.}}]{{end}}", HELLO)).isEqualTo("[PATH=/bin][LANG=C]");
        assertThat(render("{{range $i, $e := .Container.Config.Env}}{{$i}}:{{$e}}:{{$.Source}} {{end}}", HELLO))
                .isEqualTo("0:PATH=/bin:stdout 1:LANG=C:stdout ");
        assertThat(render("{{range .Container.Nope}}x{{else}}empty{{end}}", HELLO)).isEqualTo("empty");
        assertThat(render("{{with .Container.Config}}{{.Hostname}}{{end}}|{{with .Container.Nope}}x{{else}}none{{end}}", HELLO))
                .isEqualTo("8dfafdbc3a40|none");
        assertThat(render("{{with $t := .Time}}{{$t.Unix}}{{end}}", HELLO)).isEqualTo("1509019172");
        assertThat(render("{{ $n := .Container.Name }}{{ $n }}{{ $n }}", HELLO)).isEqualTo("/web_1/web_1");
        assertThat(render("{{ if $p := .Container.State.Pid }}pid {{ $p }}{{ end }}", HELLO)).isEqualTo("pid 4242");
    }

    @Test
    void pebbleExpressionsWorkToo() {
        assertThat(render("{{ Data | upper }}", message("abc"))).isEqualTo("ABC");
        assertThat(render("{{ Source == 'stderr' ? 'E' : 'O' }}", HELLO)).isEqualTo("O");
        assertThat(render("{{ Container.Name | slice(1) }}", HELLO)).isEqualTo("web_1");
        assertThat(render("{{ Container.config.labels['app'] ~ '-' ~ Source }}", HELLO)).isEqualTo("shop-stdout");
        assertThat(render("{{ Time.Format('2006') }} {{ Time.Unix }}", HELLO)).isEqualTo("2017 1509019172");
        assertThat(render("{{ Data | toJSON }} {{ toJSON(Data) }}", message("<"))).isEqualTo("\"\\u003c\" \"\\u003c\"");
        assertThat(render("{{ Priority }}/{{ call('ContainerNameSplitN', '_', 2)[1] }}", HELLO, SYSLOG)).isEqualTo("14/1");
        assertThat(render("{{ 'a}}b' }}|{{ [1, 2] }}|{{ Container.Nope }}", HELLO)).isEqualTo("a}}b|[1 2]|<no value>");
        assertThat(render("{{ Container.HostConfig.Devices.Foo }}", HELLO)).as("a field of a JSON null").isEqualTo("<no value>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{.Data}}\\n", "{{.Source}} {{.Data}}\\n", "{{.Container.Name}}", "{{ toJSON .Data }}\\n",
        "{{.Container.Config.Hostname}}", "{{.Container.State.Pid}}", "{{ .Data | toJSON }}",
        "{{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }} {{.Time}} {{.Time.Unix}}", "{{ toJSON .Container.Config.Labels }}",
        "{ \"app\": {{ toJSON $.Container.Config.Labels.app }} }"})
    void simpleTemplatesRenderWithoutTheEngine(String template) {
        assertThat(TEMPLATES.compile("T", template)).isInstanceOf(FastTemplate.class);
        render(template, HELLO);
    }

    @Test
    void adapterFunctionTemplatesRenderWithoutTheEngine() {
        for (String template : List.of("{{.Priority}}", "{{.ContainerName}}", "{{ .ContainerNameSplitN \".\" 2 }}")) {
            assertThat(TEMPLATES.compile("T", template, SYSLOG)).isInstanceOf(FastTemplate.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{if .Data}}x{{end}}", "{{ index .Container.Config.Env 0 }}", "{{ Data }}", "{{ $x := 1 }}{{ $x }}",
        "{{ .Data | len }}", "{{ .Time.Format .Data }}"})
    void otherTemplatesUsePebble(String template) {
        assertThat(TEMPLATES.compile("T", template)).isInstanceOf(PebbleMessageTemplate.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{{.Time}}|2017-10-26 11:59:32.95 +0000 UTC",
        "{{.Time.UnixNano}}|1509019172950000000",
        "{{.Time.UnixMilli}} {{.Time.UnixMicro}}|1509019172950 1509019172950000",
        "{{.Time.String}}|2017-10-26 11:59:32.95 +0000 UTC",
        "{{ .Time.UTC.Format \"15:04\" }}|11:59"})
    void timeMethods(String template, String expected) {
        assertThat(render(template, HELLO)).isEqualTo(expected);
    }

    @Test
    void timeIsInTheTemplatesZone() {
        GoTemplates berlin = TemplateFixtures.inZone("Europe/Berlin", true);
        GoTemplates berlinPebble = TemplateFixtures.inZone("Europe/Berlin", false);
        String source = "{{.Time}}|{{ .Time.Format \"2006-01-02T15:04:05Z07:00 MST\" }}|{{ .Time.UTC.Format \"15 MST\" }}"
                + "|{{ .Time.UTC.Local.Format \"15\" }}";
        assertThat(TemplateFixtures.render(berlin, berlinPebble, source, HELLO, Map.of()))
                .isEqualTo("2017-10-26 13:59:32.95 +0200 CEST|2017-10-26T13:59:32+02:00 CEST|11 UTC|13");
    }

    @Test
    void templatesAreThreadSafe() throws Exception {
        MessageTemplate pebble = TEMPLATES.compile("T", "{{ if .Data }}{{ .Data }}|{{ len .Data }}{{ end }}");
        MessageTemplate segments = TEMPLATES.compile("T", "{{ .Data }}|{{ toJSON .Data }}");
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                String thread = "thread" + t + "-";
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String data = thread + i;
                        LogMessage message = message(data);
                        assertThat(pebble.render(message)).isEqualTo(data + "|" + data.length());
                        assertThat(TemplateFixtures.bytes(pebble, message)).isEqualTo((data + "|" + data.length()).getBytes(UTF_8));
                        assertThat(TemplateFixtures.bytes(segments, message)).isEqualTo((data + "|\"" + data + "\"").getBytes(UTF_8));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
    }

    @Test
    void aTemplateMayRenderAnotherWhileRendering() {
        MessageTemplate inner = TEMPLATES.compile("T", "{{ if true }}<{{ .Data }}>{{ end }}");
        Map<String, TemplateFunction> functions = Map.of("Inner", (message, arguments) -> inner.render(message.withData("in")));
        MessageTemplate outer = TEMPLATES.compile("T", "{{ if true }}{{ .Data }}{{ end }}/{{ .Inner }}/{{ .Data }}", functions);
        assertThat(outer.render(message("out"))).isEqualTo("out/<in>/out");
        assertThat(TemplateFixtures.bytes(outer, message("out"))).isEqualTo("out/<in>/out".getBytes(UTF_8));
    }

    @Test
    void nonAsciiDataIsWrittenAsUtf8ByBothRenderers() {
        LogMessage message = message("é 日本 \uD83D\uDE00 \u2028 <&>");
        assertThat(render("{{ .Data }} {{ toJSON .Data }} {{ .Container.Name }}\n", message))
                .isEqualTo("é 日本 \uD83D\uDE00 \u2028 <&> \"é 日本 \uD83D\uDE00 \\u2028 \\u003c\\u0026\\u003e\" /web_1\n");
    }

    @Test
    void renderingOddDataDoesNotThrow() {
        Map<String, Object> odd = new java.util.HashMap<>();
        odd.put("Config", "not a map");
        odd.put("State", Arrays.asList(1, null));
        odd.put("NaN", Double.NaN);
        ContainerInfo container = new ContainerInfo(ID, "/odd", null, null, null, null, null, 0, false, odd);
        LogMessage message = new LogMessage(container, "weird", "", Long.MIN_VALUE / 2);
        String source = "{{.Container.Config.Labels}}|{{.Container.State}}|{{ toJSON .Container.NaN }}|{{ .Container.NaN }}"
                + "|{{ index .Container.State 1 }}|{{ index .Data 3 }}|{{ len .Container.Nope }}|{{.Time.Format \"2006\"}}";
        assertThat(render(source, message)).isEqualTo("map[]|map[Pid:0]|null|NaN||<no value>|0|1823");
    }
}
