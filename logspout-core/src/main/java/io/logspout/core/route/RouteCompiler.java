package io.logspout.core.route;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.HostPort;
import io.logspout.api.Route;
import io.logspout.api.Templates;
import io.logspout.api.Transport;
import io.logspout.core.router.BatchSettings;
import io.logspout.core.router.RouteFilter;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a route into working parts: resolves its adapter chain and transport by name, creates
 * the adapter, and compiles its filter. Everything a route can get wrong is found here, before
 * it receives a line, and reported as a {@link ConfigException} naming the route.
 *
 * <p>Names: {@code a+b+t} is adapter {@code a} wrapping {@code b}, sent through transport
 * {@code t} when {@code t} is a transport; without one, the innermost adapter's default
 * transport is used. A bare transport name ({@code tcp://}) stands for the adapter that
 * declares {@link AdapterFactory#standsForBareTransport()}, and the route is rewritten to show
 * it ({@code raw+tcp}), as logspout does.
 */
public final class RouteCompiler {
    private final Map<String, AdapterFactory> adapters;
    private final Map<String, Transport> transports;
    private final Templates templates;
    private final Config config;
    private final InstantSource clock;

    public RouteCompiler(Map<String, AdapterFactory> adapters, Map<String, Transport> transports, Templates templates, Config config, InstantSource clock) {
        this.adapters = Map.copyOf(adapters);
        this.transports = Map.copyOf(transports);
        this.templates = templates;
        this.config = config;
        this.clock = clock;
    }

    /** A route ready to run. {@code route} is the input with its adapter name normalised. */
    public record CompiledRoute(Route route, RouteFilter filter, Adapter adapter, String transportName, Transport transport) {
    }

    public CompiledRoute compile(Route route) {
        try {
            String chain = normalise(route.adapter());
            if (route.address().isEmpty()) {
                throw new ConfigException("no address: give the destination as host:port, e.g. " + chain + "://logs.example.com:514");
            }
            String transportName = transportOf(chain);
            Transport transport = transports.get(transportName);
            // A malformed address is not something a retry can mend; an omitted port is shown as the one used.
            HostPort address = HostPort.parse(route.address(), defaultPort(chain, transport));
            Route normalised = route.withAdapter(chain).withAddress(address.toString());
            Context context = new Context(normalised, transportName, transport);
            Adapter adapter = context.createAdapter(chain);
            Map<String, String> options = BatchSettings.options(normalised, adapter);
            BatchSettings.from(options);
            transport.checkOptions(options);
            return new CompiledRoute(normalised, RouteFilter.of(normalised), adapter, transportName, transport);
        } catch (ConfigException e) {
            throw new ConfigException("bad route " + describe(route) + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Route route) {
        return route.adapter() + "://" + route.address() + (route.id().isEmpty() ? "" : " (id " + route.id() + ")");
    }

    /** {@code tcp} becomes {@code raw+tcp}; anything else is kept, lowercased as URI schemes are. */
    private String normalise(String chain) {
        if (chain.isEmpty()) {
            throw new ConfigException("no adapter; adapters: " + names(adapters.keySet()) + ", transports: " + names(transports.keySet()));
        }
        if (!adapters.containsKey(chain) && transports.containsKey(chain)) {
            return bareTransportAdapter(chain) + "+" + chain;
        }
        return chain;
    }

    private String bareTransportAdapter(String transport) {
        return adapters.values().stream()
                .filter(AdapterFactory::standsForBareTransport)
                .map(AdapterFactory::name)
                .findFirst()
                .orElseThrow(() -> new ConfigException("'" + transport + "' is a transport and no adapter stands for a bare transport; write adapter+" + transport + ", adapters: " + names(adapters.keySet())));
    }

    private String transportOf(String chain) {
        String[] parts = chain.split("\\+");
        String last = parts[parts.length - 1];
        if (parts.length > 1 && transports.containsKey(last) && !adapters.containsKey(last)) {
            return last;
        }
        // No transport named: the innermost adapter's default; a wrapper's inner bare transport counts too.
        for (int i = parts.length - 1; i >= 0; i--) {
            if (transports.containsKey(parts[i]) && !adapters.containsKey(parts[i])) {
                return parts[i];
            }
            AdapterFactory factory = adapters.get(parts[i]);
            if (factory != null) {
                String fallback = factory.defaultTransport();
                if (!transports.containsKey(fallback)) {
                    throw new ConfigException("adapter '" + parts[i] + "' sends through transport '" + fallback + "', which this build does not have; transports: " + names(transports.keySet()));
                }
                return fallback;
            }
        }
        throw new ConfigException("unknown adapter '" + parts[0] + "'; adapters: " + names(adapters.keySet()));
    }

    /** The innermost adapter's default port, else the transport's; 0 when the address must give one. */
    private int defaultPort(String chain, Transport transport) {
        String[] parts = chain.split("\\+");
        for (int i = parts.length - 1; i >= 0; i--) {
            AdapterFactory factory = adapters.get(parts[i]);
            if (factory != null && factory.defaultPort() > 0) {
                return factory.defaultPort();
            }
        }
        return transport.defaultPort();
    }

    private static String names(java.util.Collection<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }

    private final class Context implements AdapterContext {
        private final Route route;
        private final String transportName;
        private final Transport transport;
        private String inner = "";

        Context(Route route, String transportName, Transport transport) {
            this.route = route;
            this.transportName = transportName;
            this.transport = transport;
        }

        @Override
        public Route route() {
            return route;
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public Templates templates() {
            return templates;
        }

        @Override
        public String transport() {
            return transportName;
        }

        @Override
        public boolean datagramTransport() {
            return transport.datagram();
        }

        @Override
        public String innerAdapter() {
            return inner;
        }

        @Override
        public Adapter createAdapter(String chain) {
            String[] parts = normalise(chain).split("\\+");
            AdapterFactory factory = adapters.get(parts[0]);
            if (factory == null) {
                throw new ConfigException("unknown adapter '" + parts[0] + "'; adapters: " + names(adapters.keySet()) + ", transports: " + names(transports.keySet()));
            }
            String saved = inner;
            inner = String.join("+", Arrays.copyOfRange(parts, 1, parts.length));
            try {
                return factory.create(this);
            } finally {
                inner = saved;
            }
        }

        @Override
        public InstantSource clock() {
            return clock;
        }
    }
}
