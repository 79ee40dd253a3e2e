package io.logspout.core.pump;

import io.logspout.api.Config;
import io.logspout.api.ContainerInfo;
import io.logspout.api.Job;
import io.logspout.api.JobContext;
import io.logspout.api.LogMessage;
import io.logspout.core.router.LogSink;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
 * container it reads, and one watchdog when the inactivity timeout is on. {@link #run()} blocks
 * until {@link #stop()}; an unreachable engine is waited for, never a reason to end.
 *
 * <p>Found through {@code ServiceLoader} as the job {@code pump}, set up from the
 * {@link JobContext}; {@link #DockerPump(Config, LogSink)} builds one without it, for embedding.
 */
public final class DockerPump implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPump.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_WATCHDOG_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_WATCHDOG_PERIOD = Duration.ofSeconds(1);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private PumpSettings settings;
    private DockerEngine engine;
    private ContainerReaders readers;
    private EventLoop events;

    /** For {@code ServiceLoader}; {@link #setup(JobContext)} configures it. */
    public DockerPump() {
    }

    /**
     * A pump configured from {@code config} that delivers to {@code sink}; {@link #setup} is not
     * needed then.
     *
     * @throws io.logspout.api.ConfigException when a setting is invalid
     */
    public DockerPump(Config config, LogSink sink) {
        configure(config, sink);
    }

    @Override
    public String name() {
        return "pump";
    }

    @Override
    public void setup(JobContext context) {
        if (readers == null) {
            LogSink sink = context.service(LogSink.class)
                    .orElseThrow(() -> new IllegalStateException("the Docker pump needs a LogSink service to deliver lines to"));
            configure(context.config(), sink);
        }
    }

    private void configure(Config config, LogSink sink) {
        Objects.requireNonNull(sink, "sink");
        settings = PumpSettings.from(config);
        engine = new DockerEngine(settings);
        readers = new ContainerReaders(settings, engine, sink);
        events = new EventLoop(engine, readers, settings.dockerHost().toString());
    }

    @Override
    public void run() throws InterruptedException, IOException {
        if (readers == null) {
            throw new IllegalStateException("the Docker pump was not set up");
        }
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
        return events != null && events.reachable();
    }

    /** How many containers are attached to the sink now. */
    public int attachedContainers() {
        return readers == null ? 0 : readers.attached();
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
        return readers == null ? 0 : readers.streamsOpened();
    }
}
