package io.logspout.adapter.multiline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.adapter.raw.RawAdapterFactory;
import io.logspout.api.Adapter;
import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.api.Transport;
import io.logspout.core.route.RouteCompiler;
import io.logspout.template.GoTemplates;
import io.logspout.transport.tcp.TcpTransportFactory;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Route chains through the core's real {@link RouteCompiler}, with the real raw adapter and TCP transport. */
class MultilineChainTest {
    private static final ContainerInfo APP = new ContainerInfo("a".repeat(64), "/app", "busybox", "sha256:1", "app", Map.of(), List.of(), 1, false, Map.of());

    private static RouteCompiler compiler() {
        Transport tcp = new TcpTransportFactory().create(Config.of(Map.of()));
        Map<String, AdapterFactory> adapters = Map.of("multiline", new MultilineAdapterFactory(), "raw", new RawAdapterFactory());
        return new RouteCompiler(adapters, Map.of("tcp", tcp, "udp", tcp), new GoTemplates(),
                Config.of(Map.of("RAW_FORMAT", "{{ toJSON .Data }}\\n")), InstantSource.system());
    }

    private static Route route(String adapter) {
        return Route.builder().id("r1").adapter(adapter).address("127.0.0.1:5000").build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"multiline+tcp", "multiline+raw+tcp"})
    void multilineWrapsRawOverTcp(String chain) {
        RouteCompiler.CompiledRoute compiled = compiler().compile(route(chain));
        assertThat(compiled.transportName()).isEqualTo("tcp");
        Adapter adapter = compiled.adapter();
        MultilineAdapterTest.Messages out = new MultilineAdapterTest.Messages();

        adapter.encode(new LogMessage(APP, LogMessage.STDOUT, "Traceback (most recent call last):", 0), out);
        adapter.encode(new LogMessage(APP, LogMessage.STDOUT, "  File \"app.py\", line 1", 0), out);
        adapter.close(out);

        assertThat(out.messages).containsExactly("\"Traceback (most recent call last):\\n  File \\\"app.py\\\", line 1\"");
    }

    @Test
    void multilineAloneIsRejectedWithLogspoutsMessage() {
        assertThatThrownBy(() -> compiler().compile(route("multiline")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad route multiline://127.0.0.1:5000 (id r1): multiline: adapter must have a sub-adapter, eg: multiline+raw+tcp");
    }

    @Test
    void anUnknownInnerAdapterIsRejected() {
        assertThatThrownBy(() -> compiler().compile(route("multiline+nope+tcp")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown adapter 'nope'");
    }

    @Test
    void theFactoryIsRegisteredAsAService() {
        assertThat(ServiceLoader.load(AdapterFactory.class).stream().map(provider -> provider.type().getName()))
                .contains(MultilineAdapterFactory.class.getName());
    }
}
