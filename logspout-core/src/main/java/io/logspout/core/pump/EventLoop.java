package io.logspout.core.pump;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.logspout.api.ContainerInfo;
import io.logspout.core.Backoff;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the containers to read: subscribes to Docker's container events first, then lists the
 * running containers, so no container started in between is missed; then starts readers on
 * {@code start}/{@code restart}, passes on renames and forgets destroyed containers.
 *
 * <p>The subscription asks for events {@code since} the last one seen (at first: Docker's clock
 * when logspout started), so after any error or end of the event stream it is resumed without a
 * gap, with a growing pause while the engine stays unreachable, and the running containers are
 * listed again (a restarted engine has forgotten its old events). Seeing an event or a container
 * twice is harmless: a container already being read is not read twice. Nothing in the engine's
 * normal life ends this loop; only {@link #stop()} does.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    /** A subscription that lived this long was healthy: the retry delay starts over. */
    private static final Duration HEALTHY_SUBSCRIPTION = Duration.ofSeconds(10);
    private static final Object END = new Object();

    private final DockerEngine engine;
    private final ContainerReaders readers;
    private final String engineAddress;
    private final FirstContact firstContact;
    private boolean contacted;
    private volatile boolean reachable;
    private volatile boolean stopped;
    private volatile Subscription subscription;
    /** The engine failed and has not answered since: its recovery is worth a log line. */
    private boolean failing;
    private volatile boolean everReachable;
    private volatile String lastError = "";
    private final ConcurrentMap<String, LongAdder> eventCounts = new ConcurrentHashMap<>();
    /** Docker's clock when logspout first reached the engine: BACKLOG=false reads containers found running from here. */
    private long pumpStartNanos = DockerTimestamps.INVALID;
    /** Where the next subscription starts: the time of the last event seen. */
    private long sinceNanos;

    /** What runs once, when the engine is first reached, before any container is read. */
    interface FirstContact {
        void reached() throws InterruptedException;
    }

    EventLoop(DockerEngine engine, ContainerReaders readers, String engineAddress, FirstContact firstContact) {
        this.engine = engine;
        this.readers = readers;
        this.engineAddress = engineAddress;
        this.firstContact = firstContact;
    }

    /** True while the event stream is subscribed. */
    boolean reachable() {
        return reachable;
    }

    DockerStats stats(int containersAttached) {
        DockerStats.State state = reachable ? DockerStats.State.UP : everReachable ? DockerStats.State.DOWN : DockerStats.State.STARTING;
        Map<String, Long> events = new TreeMap<>();
        eventCounts.forEach((action, count) -> events.put(action, count.sum()));
        return new DockerStats(engineAddress, state, lastError, events, containersAttached);
    }

    @Override
    public void run() {
        Backoff retry = new Backoff(ContainerReaders.RETRY_FIRST, ContainerReaders.RETRY_MAX);
        while (!stopped) {
            long subscribed = System.nanoTime();
            try {
                follow();
                if (!stopped) {
                    LOG.info("Docker event stream at {} ended; subscribing again", engineAddress);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                lastError = e.getMessage() != null ? e.getMessage() : e.toString();
                if (!stopped && (reachable || !failing)) {
                    LOG.warn("Docker engine at {} unreachable, retrying: {}", engineAddress, lastError);
                }
                failing = true;
            } finally {
                reachable = false;
                close(subscription);
            }
            if (System.nanoTime() - subscribed >= HEALTHY_SUBSCRIPTION.toNanos()) {
                retry.reset();
            }
            try {
                if (!stopped) {
                    retry.pause();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One subscription: returns when the event stream ends, throws when the engine fails. */
    private void follow() throws InterruptedException {
        if (pumpStartNanos == DockerTimestamps.INVALID) {
            pumpStartNanos = engine.systemTimeNanos();
            sinceNanos = pumpStartNanos;
        }
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Subscription current = new Subscription(events);
        subscription = current;
        engine.followEvents(DockerTimestamps.since(sinceNanos), current);
        if (!contacted) {
            firstContact.reached();
            contacted = true;
        }
        for (String id : engine.runningContainerIds()) {
            readers.start(id, pumpStartNanos);
        }
        if (failing || !everReachable) {
            LOG.info("Docker engine at {} reachable; following its container events", engineAddress);
        }
        failing = false;
        everReachable = true;
        reachable = true;
        while (!stopped) {
            Object item = events.take();
            if (item == END) {
                return;
            }
            if (item instanceof Throwable error) {
                throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error.toString(), error);
            }
            handle((Event) item);
        }
    }

    private void handle(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() != null ? event.getActor().getId() : null;
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        if (id == null || action == null) {
            return;
        }
        long time = event.getTimeNano() != null ? event.getTimeNano()
                : event.getTime() != null ? event.getTime() * 1_000_000_000L : sinceNanos;
        sinceNanos = Math.max(sinceNanos, time);
        LOG.debug("{}: event {}", ContainerInfo.shortId(id), action);
        eventCounts.computeIfAbsent(action, key -> new LongAdder()).increment();
        switch (action) {
            case "start", "restart" -> readers.start(id, ContainerReader.SINCE_THIS_RUN);
            case "rename" -> readers.rename(id);
            case "destroy" -> readers.forget(id);
            default -> {
                // die: the log stream ends by itself, and the reader sees that the container stopped.
            }
        }
    }

    void stop() {
        stopped = true;
        close(subscription);
    }

    private static void close(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the event stream: {}", e.toString());
            }
        }
    }

    /** Hands docker-java's callbacks, which come on its own thread, to the loop's queue. */
    private static final class Subscription implements ResultCallback<Event> {
        private final BlockingQueue<Object> events;
        private volatile Closeable stream;
        private volatile boolean closed;

        Subscription(BlockingQueue<Object> events) {
            this.events = events;
        }

        @Override
        public void onStart(Closeable started) {
            stream = started;
            if (closed) {
                EventLoop.close(started);
            }
        }

        @Override
        public void onNext(Event event) {
            events.add(event);
        }

        @Override
        public void onError(Throwable error) {
            events.add(error);
        }

        @Override
        public void onComplete() {
            events.add(END);
        }

        @Override
        public void close() {
            closed = true;
            EventLoop.close(stream);
        }
    }
}
