package io.logspout.core.router;

import static io.logspout.core.router.TestMessages.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Falling behind and catching up, against an in-memory "Docker log" that both the live reader of
 * the test and the catch-up read, and a consumer that drains the route's queue on demand.
 */
class LanesTest {
    private static final Route ROUTE = Route.builder().id("r1").adapter("raw").address("sink:1").build();
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Docker's log of one container: lines appended in order, read from {@code since} to the end. */
    private static final class FakeLog implements LogHistory {
        final List<LogMessage> lines = Collections.synchronizedList(new ArrayList<>());
        volatile int rotatedAway;
        volatile boolean removed;
        volatile int reads;

        @Override
        public Read read(ContainerInfo container, long sinceNanos, Consumer<LogMessage> out) {
            reads++;
            if (removed) {
                return Read.GONE;
            }
            List<LogMessage> snapshot;
            synchronized (lines) {
                snapshot = new ArrayList<>(lines.subList(Math.min(rotatedAway, lines.size()), lines.size()));
            }
            for (LogMessage line : snapshot) {
                if (line.timeNanos() >= sinceNanos) {
                    out.accept(new LogMessage(container, line.source(), line.data(), line.timeNanos(), line.seq()));
                }
            }
            return Read.READ;
        }
    }

    private final RouteQueue queue = new RouteQueue(10, 1L << 30);
    private final FakeLog log = new FakeLog();
    private final Gaps gaps = new Gaps();
    private final Lanes lanes = new Lanes(ROUTE.id(), queue, RouteFilter.of(ROUTE), log, gaps);
    private final ContainerInfo app = container("app");
    private final List<Object> received = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean draining;
    private final Thread consumer = Thread.ofVirtual().start(() -> {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (draining) {
                    Object item = queue.poll(10);
                    if (item != null) {
                        received.add(item);
                    }
                } else {
                    queue.awaitRoom(false, 5);
                }
            }
        } catch (InterruptedException e) {
            // the test is over
        }
    });
    private int written;

    @AfterEach
    void stop() {
        consumer.interrupt();
        lanes.stop();
    }

    /** The container writes a line: it goes into Docker's log, and the live reader offers it. */
    private LogMessage write(int seqOfTime) {
        int n = written++;
        LogMessage line = new LogMessage(app, LogMessage.STDOUT, "line " + n, T0 + (long) (n - seqOfTime) * 1_000, seqOfTime);
        log.lines.add(line);
        lanes.deliver(line);
        return line;
    }

    private List<String> receivedData() {
        synchronized (received) {
            return received.stream().filter(LogMessage.class::isInstance).map(item -> ((LogMessage) item).data()).toList();
        }
    }

    private static List<String> numbered(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("line " + i);
        }
        return lines;
    }

    @Test
    void aFullQueueNeverBlocksTheLiveReaderAndTheRouteGetsEveryLineOnceInOrder() {
        for (int i = 0; i < 200; i++) {
            write(0); // returns at once although nobody drains: the route falls behind
        }
        assertThat(lanes.behind()).isEqualTo(1);
        assertThat(queue.size()).isEqualTo(10);

        draining = true;
        for (int i = 0; i < 2_000; i++) {
            write(0); // live lines while the catch-up reads
        }
        Await.until(WAIT, () -> receivedData().size() >= 2_200, () -> "2200 lines, got " + receivedData().size());
        write(0); // the next live line finds everything before it queued: the route rejoins
        Await.until(WAIT, () -> receivedData().size() >= 2_201, () -> "2201 lines, got " + receivedData().size());

        assertThat(receivedData()).containsExactlyElementsOf(numbered(0, 2_201));
        assertThat(lanes.behind()).isZero();
        assertThat(lanes.catchUps()).isPositive();
        assertThat(gaps.count()).isZero();
    }

    @Test
    void linesWithOneTimestampAreToldApartByTheirNumber() {
        for (int i = 0; i < 30; i++) {
            write(i % 3); // three lines per timestamp
        }
        draining = true;
        write(0);
        Await.until(WAIT, () -> receivedData().size() >= 31, () -> "31 lines, got " + receivedData().size());
        write(0);
        Await.until(WAIT, () -> receivedData().size() >= 32, () -> "32 lines, got " + receivedData().size());

        assertThat(receivedData()).containsExactlyElementsOf(numbered(0, 32));
    }

    @Test
    void linesRotatedAwayBeforeTheRouteCameBackAreAGapNamedWithItsWindow() {
        for (int i = 0; i < 100; i++) {
            write(0);
        }
        log.rotatedAway = 50; // Docker dropped the oldest file while the route was stalled
        draining = true;
        Await.until(WAIT, () -> receivedData().size() >= 60, () -> "60 lines, got " + receivedData().size());
        write(0);
        Await.until(WAIT, () -> receivedData().contains("line 100"), () -> "line 100, got " + receivedData());

        assertThat(receivedData()).containsExactlyElementsOf(concat(numbered(0, 10), numbered(50, 101)));
        assertThat(gaps.count()).isEqualTo(1);
        Gaps.Gap gap = gaps.latest().getFirst();
        assertThat(gap.containerId()).isEqualTo(app.id());
        assertThat(gap.fromNanos()).isEqualTo(T0 + 9 * 1_000);
        assertThat(gap.toNanos()).isEqualTo(T0 + 50 * 1_000);
    }

    @Test
    void aContainerThatStopsWhileTheRouteIsBehindIsToldStoppedAfterItsLastLine() {
        for (int i = 0; i < 50; i++) {
            write(0);
        }
        lanes.containerStopped(app, "stopped");
        draining = true;
        Await.until(WAIT, () -> received.contains("stopped"), () -> "the stop, got " + received.size() + " items");

        assertThat(received).hasSize(51).endsWith("stopped");
        assertThat(receivedData()).containsExactlyElementsOf(numbered(0, 50));
    }

    @Test
    void aLongOutageKeepsNoStreamOpenAndReadsOnlyOnceThereIsRoom() {
        for (int i = 0; i < 100; i++) {
            write(0);
        }
        assertThat(log.reads).as("nothing is read while the queue is full").isZero();
        draining = true;
        Await.until(WAIT, () -> receivedData().size() >= 100, () -> "100 lines, got " + receivedData().size());
        assertThat(log.reads).isPositive();
    }

    /** The container writes a line to Docker's log only: logspout is not running. */
    private void writeWhileDown() {
        int n = written++;
        log.lines.add(new LogMessage(app, LogMessage.STDOUT, "line " + n, T0 + (long) n * 1_000, 0));
    }

    /** The live reader offers line {@code n} of Docker's log again, as after a restart with TAIL=all. */
    private void offerAgain(int n) {
        lanes.deliver(log.lines.get(n));
    }

    @Test
    void afterARestartTheRouteResumesAfterItsCursorWhileTheLiveReaderReadsTheBacklogAgain() {
        for (int i = 0; i < 100; i++) {
            writeWhileDown();
        }
        draining = true;
        lanes.resume(app, Cursor.of(log.lines.get(59))); // the destination had lines 0 to 59
        for (int i = 0; i < 100; i++) {
            offerAgain(i); // TAIL=all: the live reader starts at the log's start
        }
        write(0); // a new line: the live reader hands over here if the catch-up has not
        Await.until(WAIT, () -> receivedData().contains("line 100"), () -> "line 100, got " + receivedData());
        write(0);
        Await.until(WAIT, () -> receivedData().contains("line 101"), () -> "line 101, got " + receivedData());

        assertThat(receivedData()).containsExactlyElementsOf(numbered(60, 102));
        assertThat(lanes.behind()).isZero();
    }

    @Test
    void afterARestartALiveReaderThatStartsPastTheCursorLosesNothingBetween() {
        for (int i = 0; i < 100; i++) {
            writeWhileDown();
        }
        draining = true;
        lanes.resume(app, Cursor.of(log.lines.get(59)));
        Await.until(WAIT, () -> receivedData().size() >= 40, () -> "40 lines, got " + receivedData().size());
        Await.until(WAIT, () -> lanes.catchUps() == 1 && log.reads >= 2, () -> "the catch-up to reach the log's end and end");
        for (int i = 0; i < 20; i++) {
            write(0); // BACKLOG=false: the live reader offers only what is written from now on, never the cursor
        }
        Await.until(WAIT, () -> receivedData().size() >= 60, () -> "60 lines, got " + receivedData().size());
        write(0);
        Await.until(WAIT, () -> receivedData().contains("line 120"), () -> "line 120, got " + receivedData());

        assertThat(receivedData()).containsExactlyElementsOf(numbered(60, 121));
    }

    @Test
    void afterARestartAContainerCreatedMeanwhileIsReadFromItsStart() {
        for (int i = 0; i < 30; i++) {
            writeWhileDown();
        }
        draining = true;
        lanes.resume(app, null);

        Await.until(WAIT, () -> receivedData().size() >= 30, () -> "30 lines, got " + receivedData().size());
        assertThat(receivedData()).containsExactlyElementsOf(numbered(0, 30));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
