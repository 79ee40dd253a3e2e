package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port on loopback that nothing listens on, for a server under test that must be told its
 * port before it starts (a process started with {@code PORT=...}). Prefer port 0 where the
 * server can report the port it bound.
 */
public final class FreePort {
    private FreePort() {
    }

    /** Returns a loopback TCP port that was free a moment ago. */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on loopback", e);
        }
    }
}
