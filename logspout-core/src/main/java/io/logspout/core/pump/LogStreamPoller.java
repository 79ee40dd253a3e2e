package io.logspout.core.pump;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bodies of the plain (not TLS) log streams of all containers on one platform thread,
 * around a {@link Selector}: when a stream's connection is readable, the thread reads what has
 * arrived without blocking, removes the HTTP framing ({@link DockerLogResponse#readAvailable}) and
 * hands the bytes to the container's parser there and then. A line written now and then costs one
 * wake-up of one thread and two system calls (the wait and the read), where a virtual thread per
 * stream costs the JDK's poller thread, a carrier thread and the reader, with their hand-offs.
 * Under load a round of the selector takes a batch from every busy stream, one read each, so a
 * busy stream cannot starve the others; and after a round that brought data and had not waited
 * for it as long as the pause ({@link DockerLogClient#PAUSE_AFTER_SHORT_READ}), twice in a row,
 * the streams flow (over a thousand entries a second in all): the next round comes no sooner than
 * a pause after this one's first read, so that each read takes a batch instead of the entry or two
 * dockerd has just written. Otherwise the next round follows at once: at a trickle a line pays no
 * timer.
 *
 * <p>The container's own thread keeps everything else (opening the stream and reading its head,
 * reconnecting, stopping): it hands the body over with {@link Stream#start()} and waits in
 * {@link Stream#await()} until the poller is done with the stream. Everything the poller did to
 * the parser and the counts happens-before {@code await} returns, and everything the container's
 * thread did before {@code start} happens-before the poller's first read. So the parser is used by
 * one thread at a time, and a stream ends only on the poller thread, never while it parses.
 *
 * <p>The body handler must not block: it runs for every container in turn. The pump uses the
 * poller only when publishing a line never waits ({@link PumpSettings#sharedReading()}).
 *
 * <p>Started with the first stream, stopped by {@link #close()}; a failure in one stream ends that
 * stream only. Should the thread itself fail, streams are read by their own threads from then on.
 */
final class LogStreamPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStreamPoller.class);
    /** The most one stream gets per read, and so per round. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Rounds in a row whose data was there within a pause before the poller pauses: at a trickle
     * two entries of different containers may come within a pause, but seldom twice in a row.
     */
    static final int FLOWING_ROUNDS = 2;

    /** Takes a stream's body bytes, on the poller thread; {@code bytes} are valid only during the call. */
    interface BodyHandler {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /** The one read buffer: the handler is done with it when it returns. */
    private final byte[] buffer = new byte[READ_BUFFER_BYTES];
    private final Queue<Stream> started = new ConcurrentLinkedQueue<>();
    private final Queue<Stream> closed = new ConcurrentLinkedQueue<>();
    /** The poller thread's: the streams it reads, until they end. */
    private final Set<Stream> reading = new HashSet<>();
    /** Guards the fields below: no stream is handed over once the thread has ended. */
    private final Object lifecycle = new Object();
    private Selector selector;
    private Thread thread;
    private boolean stopping;
    private boolean ended;
    // The poller thread's:
    private final long pauseNanos;
    private long roundStart;
    /** How long the current round waited for its first ready stream; -1 until one was ready. */
    private long waitedNanos;
    /** The current round read body bytes. */
    private boolean broughtData;
    /** Rounds in a row that brought data that was there within a pause. */
    private int flowingRounds;

    /** @param pause the pause before the next round after one whose data was already there; zero for none */
    LogStreamPoller(Duration pause) {
        pauseNanos = pause.toNanos();
    }

    /**
     * The body of {@code response} to read here, with {@code handler}; null when the container's
     * thread must read it itself: the connection cannot be selected (TLS), or the poller stopped
     * or failed.
     */
    Stream stream(DockerLogResponse response, BodyHandler handler) {
        SocketChannel channel = response.selectableChannel();
        if (channel == null) {
            return null;
        }
        synchronized (lifecycle) {
            if (stopping || ended) {
                return null;
            }
            if (thread == null) {
                try {
                    selector = Selector.open();
                } catch (IOException e) {
                    LOG.warn("cannot open a selector for the log streams; each container's thread reads its own: {}", e.toString());
                    ended = true;
                    return null;
                }
                thread = Thread.ofPlatform().name("pump-poller").daemon().start(this::run);
            }
        }
        return new Stream(response, channel, handler);
    }

    /** Ends every stream (they end broken) and the thread; later streams are read by their own threads. */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        synchronized (lifecycle) {
            stopping = true;
            running = thread;
            if (running != null && !ended) {
                selector.wakeup();
            }
        }
        if (running != null) {
            running.join(STOP_TIMEOUT);
        }
    }

    /** How many connections are registered with the selector, cancelled ones until its next round included: for tests. */
    int registeredStreams() {
        synchronized (lifecycle) {
            return selector == null || ended ? 0 : selector.keys().size();
        }
    }

    private void run() {
        try {
            while (true) {
                Stream stream;
                while ((stream = started.poll()) != null) {
                    stream.register();
                }
                while ((stream = closed.poll()) != null) {
                    stream.end(new IOException("the log stream was closed"));
                }
                synchronized (lifecycle) {
                    if (stopping) {
                        break;
                    }
                }
                roundStart = System.nanoTime();
                waitedNanos = -1;
                broughtData = false;
                selector.select(this::ready);
                if (broughtData) {
                    flowingRounds = waitedNanos < pauseNanos ? flowingRounds + 1 : 0;
                    long pause = pauseAfter(flowingRounds, System.nanoTime() - roundStart - waitedNanos, pauseNanos);
                    if (pause > 0) {
                        Thread.sleep(Duration.ofNanos(pause));
                    }
                }
            }
        } catch (InterruptedException e) {
            LOG.error("the log stream poller was interrupted; each container's thread reads its own stream from now on");
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("the log stream poller failed; each container's thread reads its own stream from now on", e);
        } finally {
            endAll();
        }
    }

    private void ready(SelectionKey key) {
        if (waitedNanos < 0) {
            waitedNanos = System.nanoTime() - roundStart;
        }
        ((Stream) key.attachment()).read();
    }

    /**
     * How long the poller pauses after a round that brought data and read for {@code readingNanos}
     * since its first ready stream: once {@link #FLOWING_ROUNDS} rounds in a row had their data
     * within a pause, what is left of a pause since the round's first read (reading that took
     * longer gave the streams their time to fill already); else 0.
     */
    static long pauseAfter(int flowingRounds, long readingNanos, long pauseNanos) {
        return flowingRounds >= FLOWING_ROUNDS ? Math.max(0, pauseNanos - readingNanos) : 0;
    }

    /** The thread ends: every stream it holds ends broken, and none is handed over any more. */
    private void endAll() {
        synchronized (lifecycle) {
            ended = true;
        }
        IOException stopped = new IOException("logspout is stopping");
        Stream stream;
        while ((stream = started.poll()) != null) {
            stream.end(stopped);
        }
        closed.clear(); // each is started or reading
        for (Stream open : List.copyOf(reading)) {
            open.end(stopped);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the log stream selector failed: {}", e.toString());
        }
    }

    /** One log stream's body, read by the poller from {@link #start()} until it ends. */
    final class Stream implements Closeable {
        private final DockerLogResponse response;
        private final SocketChannel channel;
        private final BodyHandler handler;
        private final CountDownLatch done = new CountDownLatch(1);
        // The poller thread's (or, before start and after done, the container thread's):
        private SelectionKey key;
        private boolean over;
        /** Why the stream ended; null when its body was read to the end. */
        private Throwable failure;

        private Stream(DockerLogResponse response, SocketChannel channel, BodyHandler handler) {
            this.response = response;
            this.channel = channel;
            this.handler = handler;
        }

        /** Hands the stream to the poller; the head must be read and nothing else read it from now on. */
        void start() {
            synchronized (lifecycle) {
                if (!ended) {
                    started.add(this);
                    selector.wakeup();
                    return;
                }
            }
            end(new IOException("logspout is stopping"));
        }

        /**
         * Waits until the poller is done with the stream, uninterruptibly: whoever interrupts the
         * container's thread closes its stream first, which ends it within a round.
         *
         * @throws IOException when the stream broke or was closed (or what else broke it)
         */
        void await() throws IOException {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            switch (failure) {
                case null -> { }
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(failure);
            }
        }

        /** Closes the connection; the stream ends broken on the poller thread. Any thread. */
        @Override
        public void close() throws IOException {
            try {
                response.close();
            } finally {
                synchronized (lifecycle) {
                    if (!ended) {
                        closed.add(this);
                        selector.wakeup();
                    }
                }
            }
        }

        private void register() {
            if (over) {
                return;
            }
            try {
                channel.configureBlocking(false);
                key = channel.register(selector, SelectionKey.OP_READ, this);
                reading.add(this);
                read(); // the head's read may have brought body bytes already, which no readiness announces
            } catch (IOException | RuntimeException | Error e) {
                end(e);
            }
        }

        /** Reads and hands over what has arrived; a failure ends this stream only. */
        private void read() {
            if (over) {
                return;
            }
            try {
                int n = response.readAvailable(buffer, 0, buffer.length);
                if (n > 0) {
                    broughtData = true;
                    handler.accept(buffer, 0, n);
                }
                if (n < 0 || response.atEnd()) {
                    end(null);
                }
            } catch (IOException | RuntimeException | Error e) {
                end(e);
            }
        }

        /** Ends the stream once, on the poller thread (or when the poller never had it). */
        private void end(Throwable why) {
            if (over) {
                return;
            }
            over = true;
            failure = why;
            if (key != null) {
                reading.remove(this);
                key.cancel();
            }
            try {
                // Closed here, before the selector's next round, so the socket is released in it.
                response.close();
            } catch (IOException e) {
                LOG.debug("closing an ended log stream failed: {}", e.toString());
            }
            done.countDown();
        }
    }
}
