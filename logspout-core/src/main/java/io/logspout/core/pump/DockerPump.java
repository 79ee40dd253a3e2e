package io.logspout.core.pump;

import io.logspout.api.Config;
import io.logspout.api.ContainerInfo;
import io.logspout.api.Job;
import io.logspout.core.router.LogHistory;
import io.logspout.core.router.LogSink;
import java.io.IOException;
import java.time.Duration;
import io.logspout.api.LogMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker pump: reads the logs of the containers on the Docker engine at {@code DOCKER_HOST}
 * and delivers every line to a {@link LogSink}, the router.
 *
 * <p>Its settings: {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH},
 * {@code DOCKER_API_VERSION} (the Docker client's), {@code TAIL}, {@code BACKLOG},
 * {@code ALLOW_TTY}, {@code EXCLUDE_LABELS}/{@code EXCLUDE_LABEL} and
 * {@code INACTIVITY_TIMEOUT}. It starts one virtual thread for the engine's events, one per
 * container it reads, one watchdog when the inactivity timeout is on, and the platform thread of
 * the {@link LogStreamPoller} that reads the plain log streams. {@link #run()} blocks
 * until {@link #stop()}; an unreachable engine is waited for, never a reason to end.
 *
 * <p>{@link io.logspout.core.Logspout} builds it, as the job {@code pump}, with the router as its sink.
 */
public final class DockerPump implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPump.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_WATCHDOG_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_WATCHDOG_PERIOD = Duration.ofSeconds(1);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PumpSettings settings;
    private final DockerEngine engine;
    private final PumpCounters counters = new PumpCounters();
    private final ContainerReaders readers;
    private final EventLoop events;
    private final DockerLogHistory history;
    private final Inspector inspector;
    /** Null when each reader reads its own stream. */
    private final LogStreamPoller poller;
    private volatile Consumer<List<FoundContainer>> census;

    /**
     * A pump configured from {@code config} that delivers to {@code sink}.
     *
     * @throws io.logspout.api.ConfigException when a setting is invalid
     */
    public DockerPump(Config config, LogSink sink) {
        Objects.requireNonNull(sink, "sink");
        settings = PumpSettings.from(config);
        engine = new DockerEngine(settings);
        inspector = new Inspector(engine);
        poller = settings.sharedReading() ? new LogStreamPoller(DockerLogClient.PAUSE_AFTER_SHORT_READ) : null;
        readers = new ContainerReaders(new ReaderServices(settings, engine, sink, inspector, counters, poller));
        events = new EventLoop(engine, readers, settings.dockerHost().toString(), () -> {
            Consumer<List<FoundContainer>> hook = census;
            if (hook != null) {
                hook.accept(findContainers());
            }
        });
        history = new DockerLogHistory(engine);
    }

    /**
     * Sets what is told, once, every container on the engine (running or exited, not skipped) when
     * the pump first reaches it, before it reads any: where routes resume after a restart.
     * Set it before {@link #run()}.
     */
    public void beforeFirstRead(Consumer<List<FoundContainer>> hook) {
        census = hook;
    }

    /**
     * Every container on the engine now, running or exited, that logspout does not skip.
     *
     * @throws RuntimeException when the engine cannot be reached
     */
    public List<FoundContainer> findContainers() throws InterruptedException {
        return inspector.findAll(settings.filter());
    }

    /** The containers' logs read again, for routes that fell behind. */
    public LogHistory history() {
        return history;
    }

    @Override
    public String name() {
        return "pump";
    }

    @Override
    public void run() throws InterruptedException, IOException {
        Thread eventThread = Thread.ofVirtual().name("pump-events").start(events);
        Thread watchdog = settings.inactivityTimeout().isPositive()
                ? Thread.ofVirtual().name("pump-watchdog").start(this::closeIdleStreams)
                : null;
        try {
            stopped.await();
        } finally {
            events.stop();
            eventThread.interrupt();
            if (watchdog != null) {
                watchdog.interrupt();
            }
            readers.stopAll(STOP_TIMEOUT);
            if (poller != null) {
                poller.close();
            }
            eventThread.join(STOP_TIMEOUT);
            engine.close();
            LOG.info("Docker pump stopped");
        }
    }

    /** The one watchdog for {@code INACTIVITY_TIMEOUT}: checks every stream a few times per period. */
    private void closeIdleStreams() {
        Duration timeout = settings.inactivityTimeout();
        Duration period = timeout.dividedBy(4);
        period = period.compareTo(MIN_WATCHDOG_PERIOD) < 0 ? MIN_WATCHDOG_PERIOD
                : period.compareTo(MAX_WATCHDOG_PERIOD) > 0 ? MAX_WATCHDOG_PERIOD : period;
        try {
            while (!readers.stopped()) {
                Thread.sleep(period);
                readers.closeIdleStreams(System.nanoTime(), timeout.toNanos());
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    /** True while the pump follows the engine's events. */
    public boolean engineReachable() {
        return events.reachable();
    }

    /** The engine's state, the events seen and the containers attached, now. */
    public DockerStats dockerStats() {
        return events.stats(counters.attached());
    }

    /** The counts of every container read since logspout started and not destroyed since. */
    public List<ContainerStats> containerStats() {
        return readers == null ? List.of() : readers.stats();
    }

    /** How many containers are attached to the sink now. */
    public int attachedContainers() {
        return counters.attached();
    }

    /**
     * The last {@code lines} lines of every container the pump reads now, from Docker's log (read
     * once, not followed), oldest first: for views that show what came before they opened. A
     * container whose log cannot be read is left out (logged at debug level). Blocks while Docker
     * answers, so not for an event loop; the containers are read in parallel.
     *
     * @param lines how many lines of each container, at least 1
     * @throws InterruptedException when interrupted while waiting for Docker
     */
    public List<LogMessage> recentLines(int lines) throws InterruptedException {
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, not " + lines);
        }
        if (readers == null) {
            return List.of();
        }
        List<Callable<List<LogMessage>>> reads = new ArrayList<>();
        for (ContainerInfo container : readers.containers()) {
            reads.add(() -> {
                try {
                    return LogTail.read(engine, container, lines);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{} ({}): its last lines cannot be read: {}", container.bareName(), container.shortId(), e.toString());
                    return List.of();
                }
            });
        }
        List<Future<List<LogMessage>>> done;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            done = executor.invokeAll(reads);
        }
        List<LogMessage> recent = new ArrayList<>();
        for (Future<List<LogMessage>> read : done) {
            recent.addAll(read.resultNow());
        }
        recent.sort(Comparator.comparingLong(LogMessage::timeNanos));
        return recent;
    }

    /** How many log streams were opened so far: one per container plus one per reattach. */
    public long logStreamsOpened() {
        return counters.streamsOpened();
    }
}
