package io.logspout.transport.udp;

import io.logspout.api.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One connected UDP socket. Each {@link #write} sends one datagram at once, through a direct
 * buffer the connection owns and reuses, so a send allocates nothing; {@link #flush()} has
 * nothing to do. An error the kernel reports (the destination's port unreachable, say) is an
 * {@link IOException}, so the core reconnects.
 */
final class UdpConnection implements Connection {
    private final DatagramChannel channel;
    private final String address;
    private final ByteBuffer datagram;
    private final UdpTransport.Truncations truncations;

    UdpConnection(DatagramChannel channel, String address, int maxPayload, UdpTransport.Truncations truncations) {
        this.channel = channel;
        this.address = address;
        this.datagram = ByteBuffer.allocateDirect(maxPayload);
        this.truncations = truncations;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return; // the JDK sends no empty datagram (Go would; receivers drop it anyway)
        }
        int sent = Math.min(length, datagram.capacity());
        if (sent < length) {
            truncations.record(length, sent);
        }
        datagram.clear();
        datagram.put(bytes, offset, sent).flip();
        try {
            channel.write(datagram);
        } catch (IOException e) {
            throw new IOException("udp: sending to " + address + " failed: " + UdpTransport.describe(e), e);
        }
    }

    @Override
    public void flush() {
        // Every write has already left.
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release, and nobody to tell.
        }
    }

    @Override
    public String toString() {
        return "udp connection to " + address;
    }
}
