package io.logspout.core.router;

import io.logspout.api.Adapter;
import io.logspout.api.Connection;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.RejectedException;
import io.logspout.api.RetryLaterException;
import io.logspout.api.Route;
import io.logspout.api.Transport;
import io.logspout.core.Backoff;
import io.logspout.template.Utf8;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One route at work: its bounded queue and the sender thread that drains it through the
 * route's adapter into a connection of its transport. The sender reconnects with backoff on any
 * failure and re-sends the batch that was not flushed; it never gives up while the route exists.
 * What happens when the queue is full is {@link QueueFullPolicy}'s: by default the route falls
 * behind on that container and catches up from Docker's log ({@link Lanes}).
 * A batch the destination rejects for good ({@link RejectedException}) is counted and dropped, so
 * one poison batch cannot stall the route.
 */
public final class RouteChannel implements Subscriber {
    private static final Logger log = LoggerFactory.getLogger(RouteChannel.class);

    /** A container's stream ended; travels through the queue so it follows that container's last line. */
    private record ContainerStopped(ContainerInfo container) {
    }

    /** Where a route stands, for health checks and the banner. */
    public enum Status { CONNECTING, CONNECTED, FAILING, STOPPED }

    private final Route route;
    private final RouteFilter filter;
    private final Adapter adapter;
    private final Transport transport;
    /** The route's options with its adapter's defaults: what the transport gets. */
    private final Map<String, String> options;
    /**
     * Batch limits. While lines flow, after the first line of a batch the sender waits
     * {@code linger} for more: under load this turns a wake-up and a write per handful of lines
     * into one per hundreds, and at a trickle (100 containers writing a line a second, 100 ms by
     * default) one per line into one per ten; a line is late by this much at most, and the
     * linger ends once half a batch is queued. A first line the sender waited longer than the
     * linger for says lines come further apart than that: waiting would most likely gather
     * nothing and cost a timer and a wake-up, so it goes at once.
     */
    private final BatchSettings batching;
    private final RouterSettings settings;
    private final InstantSource clock;
    private final RouteQueue queue;
    /** Where the route stands in each container's log; null unless {@link QueueFullPolicy#CATCHUP}. */
    private final Lanes lanes;
    private final Gaps gaps = new Gaps();
    private final Cursors cursors = new Cursors();
    private final LogHistory history;
    private volatile Replay replay;
    /** Replays started; written under {@code this}. */
    private volatile long replays;
    /** Lines every replay of this route queued: each replay counts here as well as on its own. */
    private final LongAdder replayedLines = new LongAdder();
    private final EncodeBuffer buffer = new EncodeBuffer();
    private final LongAdder dropped = new LongAdder();
    private final Backoff backoff;
    private volatile boolean running = true;
    private volatile boolean stalled;
    private volatile Status status = Status.CONNECTING;
    private volatile String lastError = "";
    private volatile long sent;
    private volatile long sentBytes;
    private volatile long reconnects;
    /** Docker's time of the oldest line encoded but not yet accepted by the destination; 0 when none. Written per batch. */
    private volatile long pendingSinceNanos;
    /** Messages and bytes encoded but not yet accepted: the batch being sent. Written per batch. */
    private volatile int pendingMessages;
    private volatile int pendingBytes;
    private boolean everConnected;
    private volatile long encodeFailures;
    private volatile long rejected;
    private final Set<String> rejectionKinds = new HashSet<>();
    /** What the destination asked the next attempt to wait, from a {@link RetryLaterException}. */
    private long retryAfterMillis;
    /** Text of the lines encoded into the current batch, against {@link BatchSettings#bytes()}. */
    private long batchChars;
    private Connection connection;
    private Thread sender;

    /** @param history Docker's logs, read again by a route that fell behind */
    public RouteChannel(Route route, RouteFilter filter, Adapter adapter, Transport transport, RouterSettings settings, InstantSource clock,
            LogHistory history) {
        this.route = route;
        this.filter = filter;
        this.adapter = adapter;
        this.transport = transport;
        this.options = BatchSettings.options(route, adapter);
        this.batching = BatchSettings.from(options);
        this.settings = settings;
        this.clock = clock;
        this.history = history;
        this.queue = new RouteQueue(settings.queueSize(), settings.queueBytes());
        this.lanes = settings.queueFullPolicy() == QueueFullPolicy.CATCHUP ? new Lanes(route.id(), queue, filter, history, gaps) : null;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), settings.retryCount());
    }

    public Route route() {
        return route;
    }

    public Status status() {
        return status;
    }

    /** Why the route is failing, or empty. */
    public String lastError() {
        return lastError;
    }

    public long sentCount() {
        return sent;
    }

    public long droppedCount() {
        return dropped.sum();
    }

    public long encodeFailureCount() {
        return encodeFailures;
    }

    /** Messages the destination rejected for good ({@link RejectedException}), dropped. */
    public long rejectedCount() {
        return rejected;
    }

    public int queued() {
        return queue.size();
    }

    /** The bytes of the lines queued now, as {@code ROUTE_QUEUE_BYTES} counts them. */
    public long queuedBytes() {
        return queue.bytes();
    }

    /** How many containers this route is behind on now, catching up from Docker's log. */
    public int behindCount() {
        return lanes == null ? 0 : lanes.behind();
    }

    /** How many times this route fell behind on a container and read it again. */
    public long catchUpCount() {
        return lanes == null ? 0 : lanes.catchUps();
    }

    /** Per container, the last line the destination accepted (with every line before it). */
    public Map<String, Cursor> cursors() {
        return cursors.snapshot();
    }

    /**
     * After a restart, before the pump reads: the route resumes {@code container} after
     * {@code cursor}, or from its log's start when {@code cursor} is null (a container created
     * while logspout was down). Only with {@code ROUTE_QUEUE_FULL=catchup}, which reads Docker's
     * log again; with {@code drop} and {@code block} the route follows {@code BACKLOG}/{@code TAIL}.
     */
    public void resume(ContainerInfo container, Cursor cursor) {
        if (cursor != null) {
            cursors.seed(container.id(), cursor);
        }
        if (lanes != null) {
            lanes.resume(container, cursor);
        }
    }

    /**
     * Sends the lines of {@code containers} (those this route matches, narrowed by {@code narrower})
     * from {@code sinceNanos} to {@code untilNanos} again, from Docker's logs, beside the live
     * lines; a replay still running is stopped first.
     */
    public synchronized Replay replay(List<ContainerInfo> containers, long sinceNanos, long untilNanos, RouteFilter narrower) {
        if (replay != null) {
            replay.stop();
        }
        RouteFilter replayed = filter.and(narrower);
        Replay next = new Replay(route.id(), sinceNanos, untilNanos, containers.stream().filter(replayed::matchesContainer).toList(), replayedLines);
        replay = next;
        replays++;
        next.start(history, replayed, queue);
        return next;
    }

    /** The latest replay, or null. */
    public Replay replay() {
        return replay;
    }

    /** Stretches of logs Docker no longer had when this route came back for them. */
    public Gaps gaps() {
        return gaps;
    }

    /**
     * The route's state and counts now; what it holds is its queue plus the batch being sent.
     * Copies the queue under its lock: for scrapes and health checks, not per line.
     */
    public RouteStats stats() {
        int sending = pendingMessages;
        long queuedBytes = pendingBytes;
        Object[] queued = queue.toArray();
        long oldest = pendingSinceNanos;
        for (Object item : queued) {
            if (item instanceof LogMessage message) {
                queuedBytes += Utf8.length(message.data());
                if (oldest == 0) {
                    oldest = message.timeNanos();
                }
            }
        }
        long lagNanos = oldest == 0 ? 0 : Math.max(0, ChronoUnit.NANOS.between(Instant.EPOCH, clock.instant()) - oldest);
        Replay latest = replay;
        return new RouteStats(route, status, lastError, sent, sentBytes, dropped.sum(), reconnects, sending + queued.length, queuedBytes, Duration.ofNanos(lagNanos),
                behindCount(), catchUpCount(), gaps, rejected, replays, latest != null && latest.state() == Replay.State.RUNNING, replayedLines.sum());
    }

    /** Starts the sender thread. */
    public synchronized void start() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("route-" + route.id()).start(this::sendLoop);
        }
    }

    /**
     * Stops the sender: lines still queued are sent if the destination takes them within
     * {@code grace}, held adapter state is flushed, and the connection is closed.
     */
    public void stop(long graceMillis) {
        running = false;
        queue.wakeTaker();
        if (lanes != null) {
            lanes.stop();
        }
        Replay current = replay;
        if (current != null) {
            current.stop();
        }
        Thread thread;
        synchronized (this) {
            thread = sender;
        }
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(java.time.Duration.ofMillis(graceMillis))) {
                thread.interrupt();
                thread.join(java.time.Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean matchesContainer(ContainerInfo container) {
        return filter.matchesContainer(container);
    }

    @Override
    public boolean matchesSource(String source) {
        return filter.matchesSource(source);
    }

    @Override
    public void deliver(LogMessage message) {
        if (lanes != null) {
            lanes.deliver(message);
        } else {
            enqueue(message);
        }
    }

    @Override
    public void containerStopped(ContainerInfo container) {
        if (lanes != null) {
            lanes.containerStopped(container, new ContainerStopped(container));
        } else {
            enqueue(new ContainerStopped(container));
        }
    }

    /** {@code ROUTE_QUEUE_FULL=block} and {@code drop}. */
    private void enqueue(Object item) {
        if (queue.offer(item)) {
            return;
        }
        try {
            if (settings.queueFullPolicy() == QueueFullPolicy.BLOCK) {
                queue.put(item);
                return;
            }
            // A full queue of a route that still moves is backpressure, not loss: wait for room.
            if (!stalled && queue.offer(item, settings.stallTimeout().toMillis())) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.increment();
        if (!stalled) {
            stalled = true;
            log.warn("route {}: {} took nothing for {} ms ({}); dropping its lines until it catches up, other routes go on (ROUTE_STALL_TIMEOUT, ROUTE_QUEUE_SIZE, ROUTE_QUEUE_FULL=block to wait instead)",
                    route.id(), route.address(), settings.stallTimeout().toMillis(), status.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Called by the sender after each batch: a stalled route that has drained to half resumes taking lines. */
    private void resumeIfDrained() {
        if (stalled && queue.hasRoom(true)) {
            stalled = false;
            log.warn("route {}: caught up; {} lines dropped so far", route.id(), dropped.sum());
        }
    }

    private void sendLoop() {
        MDC.put("route", route.id()); // LOG_FORMAT=json: the route a line concerns is a field of its own
        int maxBatch = batching.count();
        List<Object> batch = new ArrayList<>(Math.min(maxBatch, 4096));
        long tickMillis = adapter.tickIntervalMillis();
        long nextTick = tickMillis > 0 ? clock.millis() + tickMillis : Long.MAX_VALUE;
        long lingerNanos = batching.linger().toNanos();
        try {
            while (running) {
                long waitStart = System.nanoTime();
                // Without ticks, no timeout: a timed wait costs the virtual threads' timer two
                // wake-ups per line at a trickle. stop() wakes the sender.
                Object first = tickMillis > 0 ? queue.poll(Math.max(1, nextTick - clock.millis())) : queue.take();
                if (first != null) {
                    batch.add(first);
                    if (lingerNanos > 0 && queue.size() < maxBatch / 2 && System.nanoTime() - waitStart < lingerNanos) {
                        queue.awaitLines(maxBatch / 2, lingerNanos);
                    }
                    queue.drainTo(batch, maxBatch - 1);
                    encode(batch);
                    batch.clear();
                }
                if (tickMillis > 0 && clock.millis() >= nextTick) {
                    callAdapter(() -> adapter.tick(clock.instant(), buffer));
                    nextTick = clock.millis() + tickMillis;
                }
                endBatchAndSend();
                resumeIfDrained();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainOnStop(batch);
    }

    private void drainOnStop(List<Object> batch) {
        queue.drainTo(batch, Integer.MAX_VALUE);
        try {
            encode(batch); // each batch that fills up is tried once: send() retries only while running
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callAdapter(() -> adapter.close(buffer));
        callAdapter(() -> adapter.endBatch(buffer));
        if (buffer.messageCount() > 0 && !Thread.currentThread().isInterrupted()) {
            sendOnce();
        }
        if (buffer.messageCount() == 0) {
            cursors.sent(adapter);
        }
        if (buffer.messageCount() > 0) {
            log.warn("route {}: stopped with {} lines unsent ({} is {})", route.id(), buffer.messageCount(), route.address(), status.name().toLowerCase(java.util.Locale.ROOT));
        }
        closeConnection();
        status = Status.STOPPED;
    }

    /**
     * Encodes {@code batch}. A batch whose lines pass {@link BatchSettings#bytes()} is ended and
     * sent there, and the rest encoded into the next.
     */
    private void encode(List<Object> batch) throws InterruptedException {
        if (pendingSinceNanos == 0) {
            pendingSinceNanos = firstLineTime(batch);
        }
        for (Object item : batch) {
            if (item instanceof LogMessage message) {
                cursors.encoded(message);
                encodeLine(message);
            } else if (item instanceof Replay.Line line) {
                encodeLine(line.message()); // a replayed line does not move the cursor
            } else if (item instanceof ContainerStopped stopped) {
                callAdapter(() -> adapter.containerStopped(stopped.container(), buffer));
            }
            if (batchChars >= batching.bytes()) {
                endBatchAndSend();
            }
        }
        pendingMessages = buffer.messageCount();
        pendingBytes = buffer.size();
    }

    private static long firstLineTime(List<Object> batch) {
        for (Object item : batch) {
            if (item instanceof LogMessage message) {
                return message.timeNanos();
            }
        }
        return 0;
    }

    private void encodeLine(LogMessage message) {
        if (!callAdapter(() -> adapter.encode(message, buffer))) {
            // Nothing is lost: a line the adapter cannot encode goes out as its bare text.
            buffer.writeUtf8(message.data()).writeByte('\n');
            buffer.endMessage();
        }
        batchChars += message.data().length();
    }

    /**
     * Lets the adapter finish the batch ({@link Adapter#endBatch}), then sends what it encoded.
     * Once the buffer is empty (sent, or rejected for good) every line encoded so far was
     * accepted, and the cursors move past them.
     */
    private void endBatchAndSend() throws InterruptedException {
        callAdapter(() -> adapter.endBatch(buffer));
        batchChars = 0;
        if (buffer.messageCount() > 0) {
            send();
        }
        if (buffer.messageCount() == 0) {
            cursors.sent(adapter);
        }
    }

    /**
     * Runs one adapter call into the buffer, ending the message it leaves open. A failure is
     * counted and logged, the message it was writing dropped (those it finished are sent), and
     * the route goes on.
     */
    private boolean callAdapter(Runnable call) {
        try {
            call.run();
            buffer.endMessage();
            return true;
        } catch (RuntimeException e) {
            buffer.dropUnfinished();
            encodeFailures++;
            if (Long.bitCount(encodeFailures) == 1) {
                log.warn("route {}: adapter {} failed ({} so far; a line it fails on is sent as plain text): {}", route.id(), route.adapter(), encodeFailures, e.toString());
            }
            return false;
        }
    }

    /** Sends the buffer, reconnecting with backoff until it is sent or the route stops. */
    private void send() throws InterruptedException {
        while (!sendOnce()) {
            if (!running) {
                return;
            }
            long delay = Math.max(backoff.nextDelayMillis(), retryAfterMillis);
            retryAfterMillis = 0;
            if (backoff.attempts() == settings.retryCount() + 1 || (settings.retryCount() == 0 && backoff.attempts() == 1)) {
                status = Status.FAILING;
                log.error("route {}: {} unreachable after {} retries ({}); {} lines waiting, retrying every {} s",
                        route.id(), route.address(), settings.retryCount(), lastError, buffer.messageCount() + queue.size(), settings.maxBackoff().toSeconds());
            }
            sleepWhileRunning(delay);
        }
    }

    private void sleepWhileRunning(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(left / 1_000_000 + 1, 100));
        }
    }

    /** One attempt: connect if needed, write every buffered message, flush. */
    private boolean sendOnce() {
        int written = 0;
        try {
            if (connection != null && connection.peerClosed()) {
                log.info("route {}: {} closed the connection; reconnecting", route.id(), route.address());
                closeConnection();
            }
            if (connection == null) {
                connection = transport.connect(route.address(), options);
                if (everConnected) {
                    reconnects++;
                }
                everConnected = true;
            }
            byte[] bytes = buffer.array();
            int count = buffer.messageCount();
            for (; written < count; written++) {
                int start = buffer.messageStart(written);
                connection.write(bytes, start, buffer.messageEnd(written) - start);
            }
            connection.flush();
            // Connected once a batch went through: an HTTP transport's connect opens nothing yet.
            if (status != Status.CONNECTED) {
                log.info("route {}: connected to {}{}", route.id(), route.address(),
                        backoff.attempts() > 0 ? " after " + backoff.attempts() + " retries" : "");
            }
            status = Status.CONNECTED;
            lastError = "";
            sent += count;
            sentBytes += count == 0 ? 0 : buffer.messageEnd(count - 1);
            batchSent();
            return true;
        } catch (RejectedException e) {
            reject(e);
            return true;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RetryLaterException later) {
                retryAfterMillis = later.delayMillis();
            }
            if (transport.datagram()) {
                buffer.discardFirst(written); // datagrams already sent are not sent again
            }
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            if (status == Status.CONNECTED || lastError.isEmpty()) {
                log.warn("route {}: sending to {} failed ({}); reconnecting with backoff, nothing is dropped", route.id(), route.address(), error);
            }
            lastError = error;
            if (status == Status.CONNECTED) {
                status = Status.CONNECTING;
            }
            closeConnection();
            return false;
        }
    }

    /** The buffer is done with (accepted or rejected): nothing is pending any more. */
    private void batchSent() {
        pendingSinceNanos = 0;
        pendingMessages = 0;
        pendingBytes = 0;
        buffer.clear();
        backoff.reset();
    }

    /** The destination will never take this batch: count it, say so once per kind, and go on with the next. */
    private void reject(RejectedException e) {
        int count = buffer.messageCount();
        int refused = e.refusedMessages() < 0 ? count : Math.min(e.refusedMessages(), count);
        rejected += refused;
        sent += count - refused; // a receiver that refused some took the others
        batchSent();
        status = Status.CONNECTED; // it answered: reachable, only this batch was refused
        if (rejectionKinds.add(e.kind())) {
            log.error("route {}: {} rejected {} of a batch of {} messages ({}); dropped, the route goes on. Later rejections of this kind are counted, not logged ({} so far)",
                    route.id(), route.address(), refused, count, e.getMessage(), rejected);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
