package io.logspout.examples.gelf;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * {@code gelf}: each message as a GELF 1.1 JSON object, for Graylog and other GELF receivers.
 * {@code gelf://host:12201} and {@code gelf+udp://} send it over UDP (gzipped, chunked when
 * long), {@code gelf+tcp://} and {@code gelf+tls://} as null-terminated JSON.
 *
 * <p>Route options: {@code compress} ({@code gzip}, the default over UDP, or {@code none});
 * {@code chunk_size} (the largest UDP datagram, default {@value #DEFAULT_CHUNK_SIZE}, safe on any
 * network; 8154 suits a LAN). Setting {@code GELF_HOSTNAME}: the {@code host} field; by default
 * the Docker host's name from {@code /etc/host_hostname} (mount it from the host, as for
 * logspout's syslog adapter), else logspout's own host name.
 */
public final class GelfAdapterFactory implements AdapterFactory {
    static final String COMPRESS = "compress";
    static final String CHUNK_SIZE = "chunk_size";
    static final String HOSTNAME = "GELF_HOSTNAME";
    static final int DEFAULT_CHUNK_SIZE = 1420;
    /** Room for the chunk header and some data. */
    static final int MIN_CHUNK_SIZE = 128;
    /** The largest UDP payload over IPv4. */
    static final int MAX_CHUNK_SIZE = 65_507;
    static final Path HOST_HOSTNAME_FILE = Path.of("/etc/host_hostname");
    private static final Path MACHINE_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    @Override
    public String name() {
        return "gelf";
    }

    @Override
    public String defaultTransport() {
        return "udp";
    }

    @Override
    public Adapter create(AdapterContext context) {
        Route route = context.route();
        boolean datagram = context.datagramTransport();
        boolean gzip = gzip(route.option(COMPRESS, datagram ? "gzip" : "none"), datagram);
        int chunkSize = chunkSize(route.option(CHUNK_SIZE, Integer.toString(DEFAULT_CHUNK_SIZE)));
        String host = host(context.config(), HOST_HOSTNAME_FILE);
        // Random first id: chunks of two logspouts sending to one Graylog must not share ids.
        Chunker chunker = datagram ? new Chunker(chunkSize, new SecureRandom().nextLong()) : null;
        return new GelfAdapter(route.id(), new GelfEncoder(host), chunker, gzip ? new Gzip() : null);
    }

    private static boolean gzip(String compress, boolean datagram) {
        return switch (compress) {
            case "none" -> false;
            case "gzip" -> {
                if (!datagram) {
                    throw new ConfigException("route option " + COMPRESS + "=gzip: GELF over TCP and TLS is uncompressed JSON ended by a"
                            + " null byte; remove the option, or send over UDP (gelf://host:port)");
                }
                yield true;
            }
            default -> throw new ConfigException("route option " + COMPRESS + "=" + compress
                    + " is not a GELF compression; accepted: gzip (the default over UDP) or none");
        };
    }

    private static int chunkSize(String value) {
        try {
            int size = Integer.parseInt(value);
            if (size >= MIN_CHUNK_SIZE && size <= MAX_CHUNK_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new ConfigException("route option " + CHUNK_SIZE + "=" + value + " is not a datagram size from " + MIN_CHUNK_SIZE
                + " to " + MAX_CHUNK_SIZE + " bytes; use " + DEFAULT_CHUNK_SIZE + " (the default, safe on any network) or 8154 on a LAN");
    }

    /** {@code GELF_HOSTNAME}, else the first line of {@code hostFile}, else this machine's name. */
    static String host(Config config, Path hostFile) {
        return config.get(HOSTNAME).orElseGet(() -> firstLine(hostFile).orElseGet(GelfAdapterFactory::machineHostname));
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).findFirst().filter(line -> !line.isEmpty());
        } catch (IOException e) {
            return Optional.empty(); // not mounted: the usual case outside a container
        }
    }

    private static String machineHostname() {
        return firstLine(MACHINE_HOSTNAME).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        });
    }
}
