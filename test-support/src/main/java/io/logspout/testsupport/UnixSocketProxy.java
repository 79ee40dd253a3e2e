package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Unix socket that forwards every connection to another one (the Docker engine's), and that a
 * test can take down and bring back: an outage of the engine as the pump sees it, with real
 * sockets and the real engine behind.
 */
public final class UnixSocketProxy implements AutoCloseable {
    private final Path socket;
    private final Path target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;

    public UnixSocketProxy(Path socket, Path target) {
        this.socket = socket;
        this.target = target;
    }

    /** Listens and forwards, until {@link #down()}. */
    public synchronized void up() {
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocketChannel listening = server;
        Thread.ofVirtual().name("proxy-accept").start(() -> accept(listening));
    }

    /** Stops listening and cuts every forwarded connection. */
    public synchronized void down() {
        closeQuietly(server);
        server = null;
        open.forEach(UnixSocketProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        down();
    }

    private void accept(ServerSocketChannel listening) {
        try {
            while (true) {
                SocketChannel client = listening.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                open.add(client);
                open.add(engine);
                Thread.ofVirtual().start(() -> copy(client, engine));
                Thread.ofVirtual().start(() -> copy(engine, client));
            }
        } catch (IOException e) {
            // down(): the listening socket is closed
        }
    }

    private void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // cut by down(), or the other side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }
}
