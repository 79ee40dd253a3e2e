package io.logspout.transport.tcp;

import io.logspout.api.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One TCP connection with its own write buffer: messages collect in it until {@link #flush()}
 * or until it is full, so a batch leaves in few system calls; a message larger than the buffer
 * is written straight through.
 *
 * <p>Destinations never send anything back, so a virtual thread reads the socket only to see
 * the peer close it (or reset it): {@link #peerClosed()} then says so without blocking, and the
 * core reconnects before writing into a dead connection, where the kernel would still take the
 * first write and lose it. Anything the peer does send is discarded.
 */
final class TcpConnection implements Connection {
    static final int BUFFER_SIZE = 64 * 1024;

    private final Socket socket;
    private final String address;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int count;
    private volatile boolean peerClosed;

    TcpConnection(Socket socket, String address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread.ofVirtual().name("tcp-peer " + address).start(() -> watchPeer(in));
    }

    private void watchPeer(InputStream in) {
        byte[] discard = new byte[256];
        try {
            while (in.read(discard) >= 0) {
                // Not part of the protocol: dropped.
            }
        } catch (IOException e) {
            // A reset, or our own close: either way the connection is over.
        }
        peerClosed = true;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - count) {
            drain();
            if (length >= buffer.length) {
                send(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (count > 0) {
            send(buffer, 0, count);
            count = 0;
        }
    }

    private void send(byte[] bytes, int offset, int length) throws IOException {
        if (peerClosed) {
            throw new IOException("tcp: " + address + " closed the connection");
        }
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw new IOException("tcp: writing to " + address + " failed: " + TcpTransport.describe(e), e);
        }
    }

    @Override
    public boolean peerClosed() {
        return peerClosed;
    }

    /** Closes the socket; unflushed bytes are dropped (the core re-sends them on a new connection). */
    @Override
    public void close() {
        TcpTransport.closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "tcp connection to " + address;
    }
}
