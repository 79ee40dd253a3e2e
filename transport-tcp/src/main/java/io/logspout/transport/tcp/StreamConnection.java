package io.logspout.transport.tcp;

import io.logspout.api.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One byte-stream connection over a connected socket, plain TCP or a TLS socket layered on one
 * (transport-tls passes its {@code SSLSocket} after the handshake), with its own write buffer:
 * messages collect in it until {@link #flush()} or until it is full, so a batch leaves in few
 * system calls (or full TLS records); a message larger than the buffer is written straight
 * through.
 *
 * <p>Destinations never send anything back, so a virtual thread reads the socket only to see
 * the peer close it (a FIN, a reset, a TLS {@code close_notify} or alert): {@link #peerClosed()}
 * then says so without blocking, and the core reconnects before writing into a dead connection,
 * where the kernel would still take the first write and lose it. The read also takes the TLS
 * records a server may send after the handshake (TLS 1.3 session tickets); anything the peer
 * sends is discarded.
 */
public final class StreamConnection implements Connection {
    /** The size of the write buffer. */
    public static final int BUFFER_SIZE = 64 * 1024;

    private final Socket socket;
    private final String scheme;
    private final String address;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int count;
    private volatile boolean peerClosed;

    /**
     * Takes over a connected socket and starts watching for its peer to close it.
     *
     * @param scheme what error messages and the watcher's thread name start with, e.g. {@code tls}
     * @param address the destination as the route names it, for error messages
     */
    public StreamConnection(Socket socket, String scheme, String address) throws IOException {
        this.socket = socket;
        this.scheme = scheme;
        this.address = address;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread.ofVirtual().name(scheme + "-peer " + address).start(() -> watchPeer(in));
    }

    private void watchPeer(InputStream in) {
        byte[] discard = new byte[256];
        try {
            while (in.read(discard) >= 0) {
                // Not part of the protocol: dropped.
            }
        } catch (IOException e) {
            // A reset, an alert, or our own close: either way the connection is over.
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

    /** Fails before bytes go into a connection the peer has ended (they would be lost). */
    private void send(byte[] bytes, int offset, int length) throws IOException {
        if (peerClosed) {
            throw new IOException(scheme + ": " + address + " closed the connection");
        }
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw new IOException(scheme + ": writing to " + address + " failed: " + Sockets.describe(e), e);
        }
    }

    @Override
    public boolean peerClosed() {
        return peerClosed;
    }

    /**
     * Closes the socket (a TLS socket sends {@code close_notify} first); unflushed bytes are
     * dropped (the core re-sends them on a new connection). Never throws.
     */
    @Override
    public void close() {
        Sockets.closeQuietly(socket);
    }

    @Override
    public String toString() {
        return scheme + " connection to " + address;
    }
}
