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

    /**
     * The name of the host whose containers these are, for destinations that label lines with it
     * ({@code host.name} in OTLP, {@code host} in Loki): the first line of
     * {@code /etc/host_hostname} when that file exists (mount the Docker host's
     * {@code /etc/hostname} there when logspout runs in a container), else this machine's name.
     */
    default String hostName() {
        try {
            java.nio.file.Path file = java.nio.file.Path.of("/etc/host_hostname");
            if (java.nio.file.Files.isReadable(file)) {
                String name = java.nio.file.Files.readString(file).strip();
                if (!name.isEmpty()) {
                    return name.lines().findFirst().orElse(name);
                }
            }
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** The clock; tests replace it. */
    InstantSource clock();
}
