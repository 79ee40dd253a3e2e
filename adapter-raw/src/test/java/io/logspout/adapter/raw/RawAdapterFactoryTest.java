package io.logspout.adapter.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Adapter;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.template.GoTemplates;
import io.logspout.testsupport.FakeAdapterContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawAdapterFactoryTest {
    private static final ContainerInfo WEB = new ContainerInfo("a".repeat(64), "/web", "busybox", "sha256:1", "aaaaaaaaaaaa", Map.of("tier", "front"), List.of(), 7, false, Map.of());

    private static Adapter adapter(Map<String, String> settings) {
        return new RawAdapterFactory().create(FakeAdapterContext.forAdapter("raw+tcp").settings(settings).templates(new GoTemplates()));
    }

    private static String encode(Adapter adapter, LogMessage message) {
        ByteArrayOutput out = new ByteArrayOutput(256, 1 << 20);
        adapter.encode(message, out);
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultFormatIsTheLineAndANewline() {
        assertThat(encode(adapter(Map.of()), new LogMessage(WEB, "stdout", "hello \u00e9", 0))).isEqualTo("hello \u00e9\n");
    }

    @Test
    void rawFormatIsATemplateOverTheMessage() {
        Adapter adapter = adapter(Map.of("RAW_FORMAT", "{{.Container.Name}} {{.Source}} {{ toJSON .Data }} {{ toJSON .Container.Config.Labels }}\\n"));

        assertThat(encode(adapter, new LogMessage(WEB, "stderr", "a \"quoted\" <b>", 0)))
                .isEqualTo("/web stderr \"a \\\"quoted\\\" \\u003cb\\u003e\" {\"tier\":\"front\"}\n");
    }

    @Test
    void aBadFormatIsRejectedNamingRawFormat() {
        assertThatThrownBy(() -> adapter(Map.of("RAW_FORMAT", "{{ .Data")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RAW_FORMAT");
    }

    @Test
    void standsForBareTransportsAndDefaultsToUdp() {
        RawAdapterFactory factory = new RawAdapterFactory();
        assertThat(factory.name()).isEqualTo("raw");
        assertThat(factory.standsForBareTransport()).isTrue();
        assertThat(factory.defaultTransport()).isEqualTo("udp");
    }
}
