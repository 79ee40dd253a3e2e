package io.logspout.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.Route;
import io.logspout.api.Transport;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which port a route without one gets: the innermost adapter's default, else the transport's. */
class RouteCompilerTest {

    /** An adapter factory that only declares a default port (0: none); {@code wrap} wraps the adapter after it, as multiline does. */
    private record PortAdapter(String name, int defaultPort) implements AdapterFactory {
        @Override
        public Adapter create(AdapterContext context) {
            if (name.equals("wrap")) {
                context.createAdapter(context.innerAdapter());
            }
            return (message, out) -> { };
        }

        @Override
        public String defaultTransport() {
            return "web";
        }
    }

    /** A transport that only declares a default port (0: none); it is never connected here. */
    private record PortTransport(int defaultPort) implements Transport {
        @Override
        public boolean datagram() {
            return false;
        }

        @Override
        public Connection connect(String address, Map<String, String> options) {
            throw new UnsupportedOperationException("not connected in this test");
        }
    }

    private static RouteCompiler compiler() {
        Map<String, AdapterFactory> adapters = Map.of(
                "wrap", new PortAdapter("wrap", 0), "collect", new PortAdapter("collect", 4318), "plain", new PortAdapter("plain", 0));
        Map<String, Transport> transports = Map.of("web", new PortTransport(80), "webs", new PortTransport(443), "tcp", new PortTransport(0));
        return new RouteCompiler(adapters, transports, null, Config.of(Map.of()), InstantSource.system());
    }

    private static Route compile(String adapter, String address) {
        return compiler().compile(Route.builder().id("r1").adapter(adapter).address(address).build()).route();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
        "collect collector collector:4318",
        "collect+webs collector collector:4318",
        "wrap+collect collector collector:4318",
        "collect [::1] [::1]:4318",
        "collect collector:9999 collector:9999",
        "plain hooks hooks:80",
        "plain+webs hooks hooks:443",
        "wrap+plain+webs hooks hooks:443",
        "plain+webs hooks:8443 hooks:8443",
    })
    void anAddressWithoutPortGetsTheAdaptersElseTheTransportsAndShowsIt(String chain, String address, String shown) {
        assertThat(compile(chain, address).address()).isEqualTo(shown);
    }

    @Test
    void withoutADefaultTheAddressNeedsItsPort() {
        assertThatThrownBy(() -> compile("plain+tcp", "logs.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad route plain+tcp://logs.example.com (id r1): address 'logs.example.com': no :port; write host:port");
    }
}
