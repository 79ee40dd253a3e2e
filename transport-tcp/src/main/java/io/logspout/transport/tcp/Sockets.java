package io.logspout.transport.tcp;

import io.logspout.api.HostPort;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * What every transport over TCP does with sockets, for this module and the ones layered on it
 * (transport-tls): dial a destination, word an I/O failure, close without throwing.
 */
public final class Sockets {
    private Sockets() {
    }

    /**
     * Opens a TCP connection to the first of the host's addresses that accepts it, looking the host
     * up now ({@link HostPort#resolve()}, so a reconnect follows a destination that moved) and
     * trying each address in turn, as Go's dialer does. The socket has {@code TCP_NODELAY} (the
     * core batches, so a flush should leave at once) and keep-alive.
     *
     * @param scheme what error messages start with, e.g. {@code tcp}
     * @param timeoutMillis how long each address may take to accept
     * @throws IOException naming {@code scheme}, the destination and the first address that
     *     failed; the failures of the others are suppressed in it
     */
    public static Socket dial(HostPort target, String scheme, int timeoutMillis) throws IOException {
        IOException failure = null;
        for (InetSocketAddress candidate : target.resolve()) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(candidate, timeoutMillis);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (failure == null) {
                    failure = new IOException(scheme + ": cannot connect to " + target + " (" + candidate.getAddress().getHostAddress() + "): "
                            + describe(e), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /** The exception's message, or its type when it has none (a PortUnreachableException has none). */
    public static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Closes a socket whose failure to close leaves nothing to release and nobody to tell. */
    public static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release, and nobody to tell.
        }
    }
}
