package io.logspout.transport.tls;

import io.logspout.api.Connection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection after its handshake, with its own write buffer: messages collect in it
 * until {@link #flush()} or until it is full, so a batch leaves in few full TLS records rather
 * than one small record per message; a message larger than the buffer is written straight
 * through.
 *
 * <p>As on TCP, a virtual thread reads the connection only to see the peer end it (its
 * {@code close_notify}, an alert, a reset): {@link #peerClosed()} then says so without blocking,
 * and the core reconnects before writing into a dead connection. The read also takes the TLS
 * records a server may send after the handshake (TLS 1.3 session tickets); application data
 * is discarded.
 */
final class TlsConnection implements Connection {
    static final int BUFFER_SIZE = 64 * 1024;

    private final SSLSocket socket;
    private final String address;
    private final OutputStream out;
    private volatile boolean peerClosed;

    TlsConnection(SSLSocket socket, String address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
        InputStream in = socket.getInputStream();
        Thread.ofVirtual().name("tls-peer " + address).start(() -> watchPeer(in));
    }

    private void watchPeer(InputStream in) {
        byte[] discard = new byte[256];
        try {
            while (in.read(discard) >= 0) {
                // Not part of the protocol: dropped.
            }
        } catch (IOException e) {
            // An alert, a reset, or our own close: either way the connection is over.
        }
        peerClosed = true;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        checkOpen();
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Fails before bytes go into a connection the peer has ended (they would be lost). */
    private void checkOpen() throws IOException {
        if (peerClosed) {
            throw new IOException("tls: " + address + " closed the connection");
        }
    }

    private IOException failed(IOException e) {
        return new IOException("tls: writing to " + address + " failed: " + TlsTransport.describe(e), e);
    }

    @Override
    public boolean peerClosed() {
        return peerClosed;
    }

    /**
     * Sends {@code close_notify} and closes the socket; unflushed bytes are dropped (the core
     * re-sends them on a new connection). Never throws.
     */
    @Override
    public void close() {
        TlsTransport.closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "tls connection to " + address;
    }
}
