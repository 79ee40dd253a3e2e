package io.logspout.template;

import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The raw adapter's formatting of one line: {@link GoTemplates#compile} once, then
 * {@code renderTo(message, output)} per line into a reused {@link ByteArrayOutput}, for the
 * default {@code RAW_FORMAT} and the README's JSON template, through the segment renderer that
 * logspout picks for these templates and, for comparison, through Pebble. In the template
 * package because the constructor that turns the segment renderer off is package-private.
 * Score: ns per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemplateBenchmark {
    static final Map<String, String> TEMPLATES = Map.of(
            "data", "{{.Data}}\n",
            "json", "{ \"container\" : \"{{ .Container.Name }}\", \"labels\": {{ toJSON .Container.Config.Labels }},"
                    + " \"timestamp\": \"{{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }}\", \"source\" : \"{{ .Source }}\","
                    + " \"message\": {{ toJSON .Data }} }");

    @Param({"data", "json"})
    public String template;

    /** {@code segments}: what logspout uses for these templates; {@code pebble}: the engine. */
    @Param({"segments", "pebble"})
    public String renderer;

    private MessageTemplate compiled;
    private LogMessage message;
    private final ByteArrayOutput output = new ByteArrayOutput(4096, 64 * 1024);

    @Setup(Level.Trial)
    public void setUp() {
        String source = TEMPLATES.get(template);
        compiled = new GoTemplates(ZoneId.systemDefault(), renderer.equals("segments")).compile("RAW_FORMAT", source);
        message = message();
        // Both renderers must give the same bytes, or the comparison means nothing.
        String expected = new GoTemplates(ZoneId.systemDefault(), false).compile("RAW_FORMAT", source).render(message);
        render();
        String actual = new String(output.array(), 0, output.size(), StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(renderer + " rendered " + actual + ", Pebble " + expected);
        }
    }

    @Benchmark
    public int render() {
        output.clear();
        compiled.renderTo(message, output);
        return output.size();
    }

    /** A container as Docker's inspect describes it, and one 100-byte line of its output. */
    static LogMessage message() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("com.docker.compose.project", "shop");
        labels.put("com.docker.compose.service", "web");
        labels.put("com.example.team", "payments");
        String id = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";
        Map<String, Object> config = Map.of("Hostname", "3f4e5d6c7b8a", "Image", "nginx:1.27", "Labels", labels,
                "Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), "Tty", false);
        Map<String, Object> inspect = Map.of("Id", id, "Name", "/shop-web-1", "Image", "sha256:0123456789abcdef", "Config", config,
                "State", Map.of("Pid", 4242, "Running", true));
        ContainerInfo container = new ContainerInfo(id, "/shop-web-1", "nginx:1.27", "sha256:0123456789abcdef", "3f4e5d6c7b8a",
                labels, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), 4242, false, inspect);
        String data = "172.18.0.1 - - [24/Nov/2026:21:03:24 +0000] \"GET /api/cart/42 HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\" 0.004";
        return new LogMessage(container, LogMessage.STDOUT, data.substring(0, 99), 1_795_813_404_123_456_789L);
    }
}
