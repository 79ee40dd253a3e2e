package io.logspout.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A TCP server on 127.0.0.1 that collects the {@code \n}-separated lines its clients send: the
 * destination of a route under test. It takes any number of sequential or concurrent
 * connections, and can play the destination's failures: {@link #stop()} and {@link #restart()}
 * on the same port (a destination restart), {@link #stall()} and {@link #resume()} (a destination
 * that stops reading, so the sender's socket buffers fill and its writes block).
 *
 * <p>Lines are decoded as UTF-8, without the {@code \n} and with nothing else removed (a
 * {@code \r} stays). When a client closes its connection after an unterminated last line, that
 * line is kept too, so a truncated message shows up instead of vanishing.
 */
public final class TcpSink implements AutoCloseable {
    /** How long {@link #stop()} reads what clients still send after it closed its side. */
    private static final Duration CLEAN_CLOSE_WAIT = Duration.ofSeconds(2);

    private static final int READ_BUFFER = 64 * 1024;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final int receiveBufferSize;
    private final Inbox<String> lines = new Inbox<>("lines", line -> '"' + line + '"');
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();

    private final ReentrantLock gate = new ReentrantLock();
    private final Condition gateChanged = gate.newCondition();
    private boolean stalled;

    private ServerSocket server;
    private Thread acceptor;
    private int port;

    private TcpSink(int receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
    }

    /** Starts a sink on an ephemeral loopback port, with the system's socket buffer sizes. */
    public static TcpSink start() {
        return start(0);
    }

    /**
     * Starts a sink on an ephemeral loopback port whose connections have a receive buffer of
     * about {@code receiveBufferSize} bytes (the kernel may round it), so that a {@link #stall()}
     * blocks the sender after little data. 0 keeps the system's default.
     */
    public static TcpSink start(int receiveBufferSize) {
        TcpSink sink = new TcpSink(receiveBufferSize);
        sink.listen(0);
        return sink;
    }

    /** The port, the same across {@link #restart()}s. */
    public synchronized int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the form a route address takes. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** All lines received so far (since the last {@link #clear()}), in arrival order. */
    public List<String> lines() {
        return lines.snapshot();
    }

    /**
     * Waits until at least {@code count} lines have arrived and returns all lines received.
     *
     * @throws AssertionError on timeout, showing what did arrive
     */
    public List<String> awaitLines(int count, Duration timeout) {
        return lines.awaitCount(count, timeout);
    }

    /**
     * Waits for a line that matches and returns the first such line.
     *
     * @throws AssertionError on timeout, showing what did arrive
     */
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        return lines.awaitMatch(matcher, timeout);
    }

    /** Forgets the lines received so far. */
    public void clear() {
        lines.clear();
    }

    /** Bytes read from all connections so far (not reset by {@link #clear()}). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Connections accepted so far, across restarts. */
    public int connections() {
        return connections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /**
     * Waits until {@link #connections()} reaches {@code count}, e.g. for a sender's reconnect.
     *
     * @throws AssertionError on timeout
     */
    public void awaitConnections(int count, Duration timeout) {
        Await.until(timeout, () -> connections() >= count,
                () -> count + " connections to " + address() + ", got " + connections());
    }

    /**
     * Stops reading from every connection, present and future, until {@link #resume()}: data
     * piles up in the socket buffers and then blocks the sender. A read already under way
     * still delivers what it gets.
     */
    public void stall() {
        setStalled(true);
    }

    /** Reads again after {@link #stall()}. */
    public void resume() {
        setStalled(false);
    }

    /**
     * Goes down as a receiver that restarts cleanly: stops listening, closes its side of every
     * connection (the client sees the close) and reads what the clients still send until they
     * close too, for at most {@code CLEAN_CLOSE_WAIT}, then closes them. The lines received are
     * kept, and {@link #restart()} listens on the same port again. Returns when no more lines can
     * arrive.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the sink's server socket on " + address(), e);
        }
        server = null;
        // The acceptor first, so that no connection is added while the others are closed.
        join(acceptor);
        for (Socket socket : open) {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                // Already reset by the client: nothing more will come from it.
            }
        }
        long deadline = System.nanoTime() + CLEAN_CLOSE_WAIT.toNanos();
        for (Thread reader : readers) {
            try {
                reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        wakeReaders();
        for (Thread reader : readers) {
            join(reader);
        }
    }

    /** Listens again on the same port after {@link #stop()}. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("the sink on " + address() + " is running; stop() it first");
        }
        listen(port);
    }

    /** Stops the sink for good. */
    @Override
    public void close() {
        stop();
    }

    private synchronized void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            // Lets a restart bind the port again while the old connections are in TIME_WAIT.
            socket.setReuseAddress(true);
            if (receiveBufferSize > 0) {
                // Set before bind: accepted sockets inherit it, and TCP window scaling needs it early.
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
        port = server.getLocalPort();
        ServerSocket listening = server;
        acceptor = Thread.ofPlatform().daemon().name("tcp-sink-accept-" + port).start(() -> accept(listening));
    }

    private void accept(ServerSocket listening) {
        while (true) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            connections.incrementAndGet();
            open.add(socket);
            Thread reader = Thread.ofPlatform().daemon().name("tcp-sink-read-" + socket.getPort()).unstarted(() -> read(socket));
            readers.add(reader);
            reader.start();
        }
    }

    private void read(Socket socket) {
        byte[] buffer = new byte[READ_BUFFER];
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        try (socket; InputStream in = socket.getInputStream()) {
            while (awaitNotStalled(socket)) {
                int n = in.read(buffer);
                if (n < 0) {
                    // The client closed: an unterminated last line is still what it sent.
                    if (partial.size() > 0) {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                    }
                    return;
                }
                bytesReceived.addAndGet(n);
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        partial.write(buffer, start, i - start);
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                        start = i + 1;
                    }
                }
                partial.write(buffer, start, n - start);
            }
        } catch (IOException e) {
            // Reset by the client or closed by stop(): the connection is over either way.
        } finally {
            open.remove(socket);
            readers.remove(Thread.currentThread());
        }
    }

    /** Blocks while stalled; false once the socket has been closed by {@link #stop()}. */
    private boolean awaitNotStalled(Socket socket) {
        gate.lock();
        try {
            while (stalled && !socket.isClosed()) {
                gateChanged.awaitUninterruptibly();
            }
            return !socket.isClosed();
        } finally {
            gate.unlock();
        }
    }

    private void setStalled(boolean value) {
        gate.lock();
        try {
            stalled = value;
            gateChanged.signalAll();
        } finally {
            gate.unlock();
        }
    }

    private void wakeReaders() {
        gate.lock();
        try {
            gateChanged.signalAll();
        } finally {
            gate.unlock();
        }
    }

    private static void join(Thread thread) {
        try {
            if (!thread.join(STOP_TIMEOUT)) {
                throw new IllegalStateException(thread.getName() + " did not end within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName() + " to end", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing to end it: nothing left to do if that fails.
        }
    }
}
