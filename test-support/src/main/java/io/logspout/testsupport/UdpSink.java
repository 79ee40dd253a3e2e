package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A UDP receiver on 127.0.0.1 that collects every datagram it gets: the destination of a route
 * over UDP. Datagrams are kept whole, as bytes, and shown as UTF-8 text.
 */
public final class UdpSink implements AutoCloseable {
    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;
    /** Room for bursts, so that a fast sender loses nothing on loopback (the kernel may cap it). */
    private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final DatagramSocket socket;
    private final int port;
    private final Inbox<byte[]> datagrams = new Inbox<>("datagrams", bytes -> '"' + text(bytes) + '"');
    private final Thread receiver;

    private UdpSink(DatagramSocket socket) {
        this.socket = socket;
        this.port = socket.getLocalPort();
        this.receiver = Thread.ofPlatform().daemon().name("udp-sink-" + port).start(this::receive);
    }

    /** Starts a receiver on an ephemeral loopback port. */
    public static UdpSink start() {
        try {
            DatagramSocket socket = new DatagramSocket(null);
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new UdpSink(socket);
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open a UDP socket on 127.0.0.1", e);
        }
    }

    /** The port datagrams are received on. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the form a route address takes. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The datagrams received so far, as UTF-8 text, in arrival order. */
    public List<String> datagrams() {
        return datagrams.snapshot().stream().map(UdpSink::text).toList();
    }

    /** The datagrams received so far, as bytes (copies), in arrival order. */
    public List<byte[]> datagramBytes() {
        return datagrams.snapshot().stream().map(byte[]::clone).toList();
    }

    /**
     * Waits until at least {@code count} datagrams have arrived and returns all received, as text.
     *
     * @throws AssertionError on timeout, showing what did arrive
     */
    public List<String> awaitDatagrams(int count, Duration timeout) {
        return datagrams.awaitCount(count, timeout).stream().map(UdpSink::text).toList();
    }

    /**
     * Waits for a datagram whose text matches and returns the first such one.
     *
     * @throws AssertionError on timeout, showing what did arrive
     */
    public String awaitDatagram(Predicate<String> matcher, Duration timeout) {
        return text(datagrams.awaitMatch(bytes -> matcher.test(text(bytes)), timeout));
    }

    /** Forgets the datagrams received so far. */
    public void clear() {
        datagrams.clear();
    }

    /** Stops receiving and frees the port. */
    @Override
    public void close() {
        socket.close();
        try {
            if (!receiver.join(STOP_TIMEOUT)) {
                throw new IllegalStateException(receiver.getName() + " did not end within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the UDP sink on " + address(), e);
        }
    }

    private void receive() {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        while (true) {
            packet.setLength(MAX_DATAGRAM);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed by close()
            }
            datagrams.add(Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
