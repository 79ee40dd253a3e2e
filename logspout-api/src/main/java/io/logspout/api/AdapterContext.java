package io.logspout.api;

import java.time.InstantSource;

/** What an {@link AdapterFactory} gets to build an adapter for one route. */
public interface AdapterContext {

    /** The route being created. */
    Route route();

    /** logspout's settings. */
    Config config();

    /** Compiles message templates ({@code RAW_FORMAT}, {@code SYSLOG_*}). */
    Templates templates();

    /** The name of the transport the route's messages go through ({@code tcp}, {@code udp}, {@code tls}). */
    String transport();

    /** True when the transport sends one datagram per message (UDP), false for byte streams. */
    boolean datagramTransport();

    /**
     * The rest of the route's adapter chain after this adapter's own name, transport included,
     * for adapters that wrap another: {@code raw+tcp} for a route {@code multiline+raw+tcp},
     * {@code tcp} (which stands for {@code raw+tcp}) for {@code multiline+tcp}; empty when
     * nothing follows. Pass it to {@link #createAdapter}.
     */
    String innerAdapter();

    /** Creates the adapter named {@code chain} (such as {@link #innerAdapter()}) for this same route. */
    Adapter createAdapter(String chain);

    /** The clock; tests replace it. */
    InstantSource clock();
}
