package io.logspout.testsupport;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.Config;
import io.logspout.api.Route;
import io.logspout.api.Templates;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The core's {@link AdapterContext} for an adapter factory's unit tests: one route, settings,
 * and only what the test gives. By default the transport is {@code tcp}, nothing follows the
 * adapter, the clock is the system's, and asking for templates or an inner adapter fails
 * naming what the test did not give. Configure it before the factory reads it.
 */
public final class FakeAdapterContext implements AdapterContext {
    private final Route route;
    private Config config = Config.of(Map.of());
    private Templates templates;
    private String transport = "tcp";
    private String innerChain = "";
    private Adapter inner;
    private InstantSource clock = InstantSource.system();
    private final List<String> created = new ArrayList<>();

    private FakeAdapterContext(Route route) {
        this.route = Objects.requireNonNull(route, "route");
    }

    /** A context for {@code route}. */
    public static FakeAdapterContext forRoute(Route route) {
        return new FakeAdapterContext(route);
    }

    /** A context for a route {@code r1} with the adapter chain {@code chain} (e.g. {@code syslog+udp}) to {@code 127.0.0.1:5000}. */
    public static FakeAdapterContext forAdapter(String chain) {
        return new FakeAdapterContext(Route.builder().id("r1").adapter(chain).address("127.0.0.1:5000").build());
    }

    /** logspout's settings as the adapter reads them. */
    public FakeAdapterContext settings(Map<String, String> settings) {
        this.config = Config.of(settings);
        return this;
    }

    /** The template service, e.g. the real {@code io.logspout.template.GoTemplates}. */
    public FakeAdapterContext templates(Templates templates) {
        this.templates = templates;
        return this;
    }

    /** The transport's name; {@code udp} is the datagram one. */
    public FakeAdapterContext transport(String name) {
        this.transport = name;
        return this;
    }

    /** What follows the adapter in the chain, and the adapter {@link #createAdapter} returns for it. */
    public FakeAdapterContext inner(String chain, Adapter adapter) {
        this.innerChain = chain;
        this.inner = adapter;
        return this;
    }

    public FakeAdapterContext clock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /** The chains {@link #createAdapter} was asked for, in order. */
    public List<String> created() {
        return List.copyOf(created);
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
        if (templates == null) {
            throw new UnsupportedOperationException("this test gave the context no templates: FakeAdapterContext.templates(...)");
        }
        return templates;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public boolean datagramTransport() {
        return transport.equals("udp");
    }

    @Override
    public String innerAdapter() {
        return innerChain;
    }

    @Override
    public Adapter createAdapter(String chain) {
        if (inner == null) {
            throw new UnsupportedOperationException("this test gave the context no inner adapter: FakeAdapterContext.inner(...)");
        }
        created.add(chain);
        return inner;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }
}
