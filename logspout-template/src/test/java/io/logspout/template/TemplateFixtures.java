package io.logspout.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import io.logspout.api.Output;
import io.logspout.api.TemplateFunction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made containers and messages, and rendering that checks both renderers agree. */
final class TemplateFixtures {
    static final String ID = "8dfafdbc3a40e0cd5e2e5b5d5c5a3e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
    static final String IMAGE_ID = "sha256:e9bce6c17c80c603c4c8dbac2ad2285982d218f6ea0332f8b0fb84572941b773";
    static final long TIME = Instant.parse("2017-10-26T11:59:32.950Z").getEpochSecond() * 1_000_000_000L + 950_000_000L;

    /** The templates under test, with .Time in UTC. */
    static final GoTemplates TEMPLATES = new GoTemplates(ZoneOffset.UTC, true);
    /** The same, rendering everything with Pebble. */
    static final GoTemplates PEBBLE_ONLY = new GoTemplates(ZoneOffset.UTC, false);

    private TemplateFixtures() {
    }

    /** Docker's inspect object for a container, as maps and lists with Docker's key names. */
    static Map<String, Object> inspect(String name, Map<String, String> labels) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", "8dfafdbc3a40");
        config.put("Image", "busybox:latest");
        config.put("Labels", labels);
        config.put("Env", List.of("PATH=/bin", "LANG=C"));
        config.put("Tty", false);
        config.put("Cmd", List.of("sh", "-c", "echo hi"));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", "running");
        state.put("Running", true);
        state.put("Pid", 4242);
        state.put("StartedAt", "2017-10-26T11:59:30.123456789Z");
        Map<String, Object> logConfig = new LinkedHashMap<>();
        logConfig.put("Type", "json-file");
        logConfig.put("Config", Map.of());
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("LogConfig", logConfig);
        hostConfig.put("Devices", null);
        Map<String, Object> inspect = new LinkedHashMap<>();
        inspect.put("Id", ID);
        inspect.put("Created", "2017-10-26T11:59:29.5Z");
        inspect.put("Name", name);
        inspect.put("Image", IMAGE_ID);
        inspect.put("RestartCount", 0);
        inspect.put("Config", config);
        inspect.put("State", state);
        inspect.put("HostConfig", hostConfig);
        return inspect;
    }

    static ContainerInfo container(String name, Map<String, String> labels) {
        return new ContainerInfo(ID, name, "busybox:latest", IMAGE_ID, "8dfafdbc3a40", labels,
                List.of("PATH=/bin", "LANG=C"), 4242, false, inspect(name, labels));
    }

    static ContainerInfo container() {
        return container("/web_1", Map.of("app", "shop", "tier", "front"));
    }

    static LogMessage message(String data) {
        return new LogMessage(container(), LogMessage.STDOUT, data, TIME);
    }

    /** Renders with both renderers, through render and renderTo, and checks all four agree. */
    static String render(String source, LogMessage message) {
        return render(source, message, Map.of());
    }

    static String render(String source, LogMessage message, Map<String, TemplateFunction> functions) {
        return render(TEMPLATES, PEBBLE_ONLY, source, message, functions);
    }

    static String render(GoTemplates templates, GoTemplates pebbleOnly, String source, LogMessage message,
            Map<String, TemplateFunction> functions) {
        MessageTemplate usual = templates.compile("TEST_FORMAT", source, functions);
        MessageTemplate pebble = pebbleOnly.compile("TEST_FORMAT", source, functions);
        assertThat(pebble).isInstanceOf(PebbleMessageTemplate.class);
        String text = usual.render(message);
        assertThat(pebble.render(message)).as("Pebble's render of %s", source).isEqualTo(text);
        assertThat(bytes(usual, message)).as("renderTo of %s", source).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(pebble, message)).as("Pebble's renderTo of %s", source).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        return text;
    }

    static byte[] bytes(MessageTemplate template, LogMessage message) {
        BytesOutput out = new BytesOutput();
        template.renderTo(message, out);
        return out.bytes.toByteArray();
    }

    static GoTemplates inZone(String zone, boolean segments) {
        return new GoTemplates(ZoneId.of(zone), segments);
    }

    /** An Output that keeps what is written. */
    static final class BytesOutput implements Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public Output write(byte[] source, int offset, int length) {
            bytes.write(source, offset, length);
            return this;
        }

        @Override
        public Output writeByte(int b) {
            bytes.write(b);
            return this;
        }

        @Override
        public void endMessage() {
            throw new AssertionError("a template does not end messages");
        }
    }
}
