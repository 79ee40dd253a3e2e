package io.logspout.transport.udp;

import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens connected UDP sockets, one datagram per message. A message larger than a datagram can
 * carry is cut to fit rather than lost: counted per destination, and reported at most once a
 * minute per destination, through {@link System.Logger} because transports depend on the API
 * alone (bridge it to slf4j in the distribution).
 */
public final class UdpTransport implements Transport {
    /** logspout's (and Go's) send buffer: 1 MiB, which the kernel may cap lower. */
    static final int SEND_BUFFER_BYTES = 1 << 20;
    /** 65535 minus the IPv4 header (20) and the UDP header (8). */
    static final int MAX_IPV4_PAYLOAD = 65_507;
    /** 65535 minus the UDP header; the IPv6 header is not counted in its payload length. */
    static final int MAX_IPV6_PAYLOAD = 65_527;
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final System.Logger LOG = System.getLogger(UdpTransport.class.getName());

    private final ConcurrentMap<String, Truncations> truncations = new ConcurrentHashMap<>();

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public Connection connect(String address, Map<String, String> options) throws IOException {
        HostPort target = HostPort.parse(address);
        InetSocketAddress remote = target.resolve().get(0);
        boolean ipv4 = remote.getAddress() instanceof Inet4Address;
        DatagramChannel channel = DatagramChannel.open(ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            channel.connect(remote);
        } catch (IOException e) {
            channel.close();
            throw new IOException("udp: cannot open a socket to " + target + " (" + remote.getAddress().getHostAddress() + "): " + describe(e), e);
        }
        Truncations counter = truncations.computeIfAbsent(target.toString(), Truncations::new);
        return new UdpConnection(channel, target.toString(), ipv4 ? MAX_IPV4_PAYLOAD : MAX_IPV6_PAYLOAD, counter);
    }

    /** Messages cut to fit a datagram, over all destinations, since this transport was created. */
    public long truncatedCount() {
        long total = 0;
        for (Truncations counter : truncations.values()) {
            total += counter.count.sum();
        }
        return total;
    }

    /** The exception's message, or its type when it has none (a PortUnreachableException has none). */
    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The cut messages of one destination, shared by its successive connections. */
    static final class Truncations {
        private final String address;
        private final LongAdder count = new LongAdder();
        private final AtomicLong nextReportNanos = new AtomicLong(System.nanoTime());

        Truncations(String address) {
            this.address = address;
        }

        void record(int length, int sent) {
            count.increment();
            long now = System.nanoTime();
            long next = nextReportNanos.get();
            if (now - next >= 0 && nextReportNanos.compareAndSet(next, now + REPORT_INTERVAL_NANOS)) {
                LOG.log(Level.WARNING, "udp " + address + ": cut a " + length + "-byte message to " + sent
                        + " bytes, the most one datagram carries; " + count.sum()
                        + " cut for this destination so far (reported at most once a minute); use tcp for long messages");
            }
        }
    }
}
