package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.Backoff;
import io.logspout.core.router.ContainerFeed;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Follows one container's log on its own virtual thread: inspects it, skips it if it must be
 * left alone, then reads its log stream into the router until the container has stopped and
 * everything it wrote was delivered.
 *
 * <p>A stream that ends while the container runs (Docker closed it, it broke, or it was silent
 * longer than {@code INACTIVITY_TIMEOUT}) is opened again from the {@link ResumePosition}, after a
 * pause that grows while streams keep failing. The feed is attached when the first stream opens
 * and detached once the container has stopped; if the container was started again meanwhile,
 * the reader reads on with a new feed.
 *
 * <p>The body of a plain (not TLS) stream is read and parsed by the pump's {@link LogStreamPoller}
 * when there is one, while this thread waits for the stream's end: a line then costs one wake-up
 * of one thread. Otherwise this thread reads it.
 */
final class ContainerReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerReader.class);
    static final int READ_BUFFER_BYTES = 16 * 1024;
    /** A stream that brought data or lasted this long was healthy: the retry delay starts over. */
    private static final long HEALTHY_STREAM_NANOS = Duration.ofSeconds(1).toNanos();
    private static final String STREAM_OPTIONS = "follow=1&stdout=1&stderr=1&timestamps=1";

    private enum StreamEnd {
        /** Docker ended the stream: everything written until then was read. */
        COMPLETE,
        /** The stream failed or was closed early. */
        BROKEN,
        /** The container does not exist any more. */
        GONE,
        /** Docker does not serve this container's logs. */
        REFUSED
    }

    /** The registry's say over a reader's end: the one thing a reader asks of it. */
    interface Registration {
        /** Whether a reader whose container stopped may end; false when the container was started again. */
        boolean mayEnd(ContainerReader reader);

        /** The reader has ended. */
        void ended(ContainerReader reader);
    }

    private final String id;
    private final String shortId;
    private final ReaderServices services;
    private final Registration registration;
    private final ResumePosition position;
    private final ContainerStats stats;
    /** Lines handed to the router since the last read was counted. */
    private long linesSinceRead;
    /** Why the last stream failed, for /health. */
    private String streamError = "";
    /**
     * For a container started while logspout runs: BACKLOG=false then sends its whole current run
     * ({@link Inspection#currentRunSince()}), not only what follows the start event, which Docker
     * sends after the container's first lines.
     */
    static final long SINCE_THIS_RUN = Long.MIN_VALUE + 1;

    /** Where BACKLOG=false starts: Docker's time when logspout saw the container running, or {@link #SINCE_THIS_RUN}. */
    private final long startNanos;
    private volatile Thread thread;
    private volatile ContainerInfo current;
    /** Set and cleared by the reader thread; renames read it. Guarded by {@code this}. */
    private ContainerFeed feed;
    private Inspection inspection;
    private volatile LineMessages messages;
    private LogStreamParser parser;
    /** For a stream read on this thread; a stream read by the {@link LogStreamPoller} uses its buffer. */
    private byte[] buffer;
    private boolean healthy;
    /** The current stream brought data. */
    private boolean gotBytes;
    /** The container was started again since the current stream was opened. */
    private volatile boolean poked;
    private volatile boolean stopping;
    /** The open stream, for {@link #stop()} and {@link #closeIfIdle}: the response, or its {@link LogStreamPoller.Stream}. */
    private volatile Closeable stream;
    private volatile long lastReadNanos;
    private volatile boolean closedIdle;

    ContainerReader(String id, ReaderServices services, Registration registration, ResumePosition position, ContainerStats stats, long startNanos) {
        this.id = id;
        this.shortId = ContainerInfo.shortId(id);
        this.services = services;
        this.registration = registration;
        this.position = position;
        this.startNanos = startNanos;
        this.stats = stats;
    }

    String id() {
        return id;
    }

    /** The container as last inspected; null until it is read (and for one that is skipped). */
    ContainerInfo container() {
        return current;
    }

    void start() {
        Thread reader = Thread.ofVirtual().name("pump-" + shortId).unstarted(this);
        thread = reader;
        reader.start();
    }

    @Override
    public void run() {
        MDC.put("container_id", shortId); // LOG_FORMAT=json: the container a line concerns is a field
        try {
            if (!stopping) {
                read();
            }
        } catch (InterruptedException e) {
            // logspout is stopping
        } catch (RuntimeException e) {
            LOG.error("{}: reading its log failed", shortId, e);
        } finally {
            detach();
            registration.ended(this);
        }
    }

    private void read() throws InterruptedException {
        inspection = services.inspector().inspectUntilAnswered(id);
        if (inspection == null) {
            LOG.debug("{}: gone before it could be read", shortId);
            return;
        }
        Optional<String> skip = services.settings().filter().skipReason(inspection.container());
        if (skip.isPresent()) {
            LOG.debug("{} ({}): not read: {}", inspection.container().bareName(), shortId, skip.get());
            return;
        }
        current = inspection.container();
        messages = new LineMessages(current, this::publish);
        parser = new LogStreamParser(current.tty(), position, messages);
        MDC.put("container_name", current.bareName());
        Backoff retry = new Backoff(ContainerReaders.RETRY_FIRST, ContainerReaders.RETRY_MAX);
        // Whether the current stream was opened after the container was seen stopped.
        boolean openedStopped = false;
        while (!stopping) {
            poked = false;
            StreamEnd end = readStream();
            if (stopping || end == StreamEnd.REFUSED) {
                return;
            }
            Inspection now = end == StreamEnd.GONE ? null : services.inspector().inspectUntilAnswered(id);
            if (now == null) {
                // Removed: what was read is all there will be.
                completeOutput();
                LOG.debug("{}: removed", shortId);
                return;
            }
            if (healthy) {
                retry.reset();
            }
            if (now.running() || end == StreamEnd.BROKEN || !openedStopped) {
                // Read on from where the stream stopped. A stopped container gets one more stream:
                // Docker may end a followed stream at the stop before it sent the last entries.
                if (now.running() || end == StreamEnd.BROKEN) {
                    stats.reopening(!healthy, streamError);
                }
                if (!healthy && (now.running() || end == StreamEnd.BROKEN)) {
                    retry.pause();
                }
                openedStopped = !now.running();
                continue;
            }
            completeOutput();
            detach();
            if (registration.mayEnd(this)) {
                return;
            }
            // Started again since the stream began: follow the new run with a fresh view of it.
            openedStopped = false;
            inspection = services.inspector().inspectUntilAnswered(id);
            if (inspection == null) {
                return;
            }
            current = inspection.container();
            messages.container(current);
        }
    }

    private StreamEnd readStream() {
        long since = position.started() ? position.since() : DockerTimestamps.INVALID;
        parser.startStream(since);
        streamError = "its log stream ended at once while the container ran";
        closedIdle = false;
        long opened = System.nanoTime();
        gotBytes = false;
        DockerLogResponse response;
        try {
            response = services.engine().logs(id, query(since));
        } catch (IOException | RuntimeException e) {
            healthy = false;
            streamError = "cannot open its log stream: " + e;
            if (!stopping) {
                LOG.info("{}: cannot open its log stream, retrying: {}", shortId, e.toString());
            }
            return StreamEnd.BROKEN;
        }
        services.counters().streamOpened();
        try (response) {
            int status = response.status();
            if (status == 404 || status == 409) {
                return StreamEnd.GONE; // 409: the container is being removed
            }
            if (status != 200) {
                String message = DockerEngine.errorMessage(response);
                if (status == 501) {
                    // "configured logging driver does not support reading"
                    services.inspector().logRefusal(inspection, status, message);
                    return StreamEnd.REFUSED;
                }
                streamError = "log stream refused: " + status + " " + message;
                LOG.info("{}: log stream refused, retrying: {} {}", shortId, status, message);
                return StreamEnd.BROKEN;
            }
            attach();
            stats.streaming(true);
            lastReadNanos = System.nanoTime();
            LogStreamPoller poller = services.poller();
            LogStreamPoller.Stream polled = poller == null ? null : poller.stream(response, this::took);
            stream = polled != null ? polled : response;
            if (stopping) {
                return StreamEnd.BROKEN; // stop() may have looked before the stream was set
            }
            if (polled != null) {
                polled.start();
                polled.await();
                return StreamEnd.COMPLETE;
            }
            if (buffer == null) {
                buffer = new byte[READ_BUFFER_BYTES];
            }
            int n;
            while ((n = response.read(buffer, 0, buffer.length)) >= 0) {
                if (n > 0) {
                    took(buffer, 0, n);
                }
            }
            return StreamEnd.COMPLETE;
        } catch (IOException | RuntimeException e) {
            streamError = "log stream broke: " + e;
            if (!stopping && !closedIdle) {
                LOG.info("{}: log stream broke, reading on: {}", shortId, e.toString());
            }
            return StreamEnd.BROKEN;
        } finally {
            stream = null;
            stats.streaming(false);
            healthy = gotBytes || closedIdle || System.nanoTime() - opened >= HEALTHY_STREAM_NANOS;
        }
    }

    /** Parses {@code bytes[offset, offset+n)}, the stream's next body bytes; on this thread or the poller's. */
    private void took(byte[] bytes, int offset, int n) throws IOException {
        lastReadNanos = System.nanoTime();
        parser.accept(bytes, offset, n);
        // Only once parsed: a stream that brings nothing but Docker's error frame failed.
        gotBytes = true;
        stats.read(linesSinceRead, n);
        linesSinceRead = 0;
    }

    /** The logs request: from the resume position once anything was read, else as TAIL and BACKLOG say. */
    private String query(long since) {
        PumpSettings settings = services.settings();
        if (position.started()) {
            return STREAM_OPTIONS + "&tail=all&since=" + DockerTimestamps.since(since);
        }
        String first = STREAM_OPTIONS + "&tail=" + settings.tail();
        if (settings.backlog()) {
            return first;
        }
        long cut = startNanos == SINCE_THIS_RUN ? inspection.currentRunSince() : startNanos;
        return cut > 0 ? first + "&since=" + DockerTimestamps.since(cut) : first;
    }

    /** The container's output is complete: lines still waiting for their end are delivered. */
    private void completeOutput() {
        if (feed != null) {
            parser.endOfOutput();
            stats.read(linesSinceRead, 0);
            linesSinceRead = 0;
        }
    }

    private void publish(LogMessage message) {
        linesSinceRead++;
        feed.publish(message);
    }

    private void attach() {
        ContainerInfo container;
        synchronized (this) {
            if (feed != null) {
                return;
            }
            container = current;
            feed = services.sink().attach(container);
        }
        stats.seen(container);
        services.counters().attachedChanged(1);
        LOG.info("{} ({}): attached", container.bareName(), container.shortId());
    }

    private void detach() {
        ContainerFeed done;
        synchronized (this) {
            done = feed;
            feed = null;
        }
        if (done != null) {
            done.detach();
            services.counters().attachedChanged(-1);
            LOG.info("{} ({}): detached", current.bareName(), current.shortId());
        }
    }

    /** The container was renamed; {@code renamed} is its new view. */
    void rename(ContainerInfo renamed) {
        synchronized (this) {
            current = renamed;
            if (messages != null) {
                messages.container(renamed);
            }
            if (feed != null) {
                feed.rename(renamed);
                stats.seen(renamed);
            }
        }
        LOG.info("{} ({}): renamed", renamed.bareName(), renamed.shortId());
    }

    /** The container was started (again). */
    void poke() {
        poked = true;
    }

    /** Whether the container was started again since the last stream began; clears it. */
    boolean takePoke() {
        boolean was = poked;
        poked = false;
        return was;
    }

    /** Closes the current stream if nothing came through it for longer than {@code timeoutNanos}. */
    void closeIfIdle(long nowNanos, long timeoutNanos) {
        Closeable open = stream;
        if (open != null && nowNanos - lastReadNanos > timeoutNanos) {
            closedIdle = true;
            LOG.debug("{}: log stream silent for longer than the inactivity timeout, opening it again", shortId);
            closeQuietly(open);
        }
    }

    void stop() {
        stopping = true;
        Closeable open = stream;
        if (open != null) {
            closeQuietly(open);
        }
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
        }
    }

    private static void closeQuietly(Closeable open) {
        try {
            open.close();
        } catch (IOException e) {
            // the stream is being abandoned: how its connection ended does not matter
        }
    }

    void awaitEnd(Duration timeout) throws InterruptedException {
        Thread reader = thread;
        if (reader != null && timeout.isPositive()) {
            reader.join(timeout);
        }
    }
}
