package io.logspout.core.router;

import static io.logspout.core.router.TestMessages.container;
import static io.logspout.core.router.TestMessages.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Adapter;
import io.logspout.api.Connection;
import io.logspout.api.ContainerInfo;
import io.logspout.api.RejectedException;
import io.logspout.api.Route;
import io.logspout.api.Transport;
import io.logspout.testsupport.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sender's logic against an in-memory transport that fails on demand. */
class RouteChannelTest {
    private static final Route ROUTE = Route.builder().id("r1").adapter("test+fake").address("sink:1").build();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Adapter LINES = (message, out) -> out.writeUtf8(message.data()).writeByte('\n');

    /** Records what each connection received; fails the first connects, or writes after a number of messages. */
    private static final class FakeTransport implements Transport {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connects = new AtomicInteger();
        volatile int failingConnects;
        volatile int failAfterMessages = Integer.MAX_VALUE;
        final boolean datagram;
        final Semaphore gate;

        FakeTransport(boolean datagram, Semaphore gate) {
            this.datagram = datagram;
            this.gate = gate;
        }

        @Override
        public boolean datagram() {
            return datagram;
        }

        @Override
        public Connection connect(String address, Map<String, String> options) throws IOException {
            if (connects.incrementAndGet() <= failingConnects) {
                throw new IOException("connection refused");
            }
            return new Connection() {
                final List<String> pending = new ArrayList<>();

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (gate != null) {
                        gate.acquireUninterruptibly();
                    }
                    if (received.size() + pending.size() >= failAfterMessages) {
                        failAfterMessages = Integer.MAX_VALUE;
                        throw new IOException("broken pipe");
                    }
                    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
                    if (datagram) {
                        received.add(text);
                    } else {
                        pending.add(text);
                    }
                }

                @Override
                public void flush() {
                    received.addAll(pending);
                    pending.clear();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static RouterSettings settings(int queueSize, QueueFullPolicy policy) {
        return new RouterSettings(queueSize, 1L << 30, policy, 3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50));
    }

    private static RouteChannel channel(FakeTransport transport, RouterSettings settings, Adapter adapter) {
        return new RouteChannel(ROUTE, RouteFilter.of(ROUTE), adapter, transport, settings, InstantSource.system(), LogHistory.NONE);
    }

    private static List<String> numbered(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("line " + i + "\n");
        }
        return lines;
    }

    @Test
    void deliversEverythingInOrderOnceTheDestinationComesUp() throws InterruptedException {
        FakeTransport transport = new FakeTransport(false, null);
        transport.failingConnects = 5;
        RouteChannel channel = channel(transport, settings(10_000, QueueFullPolicy.DROP), LINES);
        ContainerInfo app = container("app");
        for (int i = 0; i < 1000; i++) {
            channel.deliver(line(app, "stdout", "line " + i));
        }
        channel.start();

        Await.until(WAIT, () -> transport.received.size() == 1000, () -> "1000 lines, got " + transport.received.size());
        channel.stop(1000);

        assertThat(transport.received).containsExactlyElementsOf(numbered(1000));
        assertThat(transport.connects.get()).isEqualTo(6);
        assertThat(channel.droppedCount()).isZero();
    }

    /**
     * A transport whose flush sends the batch as one request: rejected for good when it holds
     * "poison"; when it holds "partly", the receiver refused one of its messages and took the others.
     */
    private static final class RequestTransport implements Transport {
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean datagram() {
            return false;
        }

        @Override
        public Connection connect(String address, Map<String, String> options) {
            return new Connection() {
                final StringBuilder body = new StringBuilder();

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    body.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
                }

                @Override
                public void flush() throws IOException {
                    String request = body.toString();
                    body.setLength(0);
                    if (request.contains("poison")) {
                        throw new RejectedException("400", "400 Bad Request: line 2: poison");
                    }
                    if (request.contains("partly")) {
                        throw new RejectedException("bulk 400", "200 with errors for 1 document", 1);
                    }
                    requests.add(request);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Keeps the lines of a batch and writes them as one message when the batch ends. */
    private static final class BatchAdapter implements Adapter {
        private final List<String> lines = new ArrayList<>();

        @Override
        public void encode(io.logspout.api.LogMessage message, io.logspout.api.Output out) {
            lines.add(message.data());
        }

        @Override
        public void endBatch(io.logspout.api.Output out) {
            if (!lines.isEmpty()) {
                out.writeUtf8(String.join("|", lines));
                lines.clear();
            }
        }

        @Override
        public Map<String, String> defaultOptions() {
            return Map.of(BatchSettings.COUNT, "3", BatchSettings.LINGER, "0");
        }
    }

    @Test
    void aBatchAdapterWritesEachBatchAsOneMessageCutAtTheBatchCount() throws InterruptedException {
        RequestTransport transport = new RequestTransport();
        RouteChannel channel = new RouteChannel(ROUTE, RouteFilter.of(ROUTE), new BatchAdapter(), transport, settings(100, QueueFullPolicy.DROP), InstantSource.system(), LogHistory.NONE);
        ContainerInfo app = container("app");
        for (int i = 0; i < 7; i++) {
            channel.deliver(line(app, "stdout", "l" + i));
        }
        channel.start();

        Await.until(WAIT, () -> transport.requests.size() == 3, () -> "3 requests, got " + transport.requests.size());
        channel.stop(1000);

        assertThat(transport.requests).containsExactly("l0|l1|l2", "l3|l4|l5", "l6");
    }

    @Test
    void aRouteOptionOverridesTheAdaptersBatchDefaultsAndBatchBytesCutsEarlier() throws InterruptedException {
        RequestTransport transport = new RequestTransport();
        Route route = Route.builder().id("r2").adapter("test+fake").address("sink:1").option(BatchSettings.COUNT, "100").option(BatchSettings.BYTES, "4").build();
        RouteChannel channel = new RouteChannel(route, RouteFilter.of(route), new BatchAdapter(), transport, settings(100, QueueFullPolicy.DROP), InstantSource.system(), LogHistory.NONE);
        ContainerInfo app = container("app");
        for (int i = 0; i < 5; i++) {
            channel.deliver(line(app, "stdout", "ab" + i));
        }
        channel.start();

        Await.until(WAIT, () -> transport.requests.size() == 3, () -> "3 requests, got " + transport.requests.size());
        channel.stop(1000);

        assertThat(transport.requests).containsExactly("ab0|ab1", "ab2|ab3", "ab4");
    }

    /** A channel of plain lines into {@code transport}, batches of at most {@code batchCount}, with {@code lines} queued, started. */
    private static RouteChannel requestChannel(RequestTransport transport, int batchCount, String... lines) {
        Route route = Route.builder().id("r3").adapter("test+fake").address("sink:1").option(BatchSettings.COUNT, Integer.toString(batchCount)).build();
        RouteChannel channel = new RouteChannel(route, RouteFilter.of(route), LINES, transport, settings(100, QueueFullPolicy.DROP), InstantSource.system(), LogHistory.NONE);
        ContainerInfo app = container("app");
        for (String data : lines) {
            channel.deliver(line(app, "stdout", data));
        }
        channel.start();
        return channel;
    }

    @Test
    void aRejectedBatchIsCountedAndDroppedAndTheRouteGoesOn() throws InterruptedException {
        RequestTransport transport = new RequestTransport();
        RouteChannel channel = requestChannel(transport, 1, "before", "poison", "after");

        Await.until(WAIT, () -> transport.requests.size() == 2, () -> "2 requests, got " + transport.requests.size());
        channel.stop(1000);

        assertThat(transport.requests).containsExactly("before\n", "after\n");
        assertThat(channel.rejectedCount()).isEqualTo(1);
        assertThat(channel.status()).isEqualTo(RouteChannel.Status.STOPPED);
    }

    @Test
    void aBatchRejectedInPartCountsOnlyTheRefusedMessagesAndIsNotSentAgain() throws InterruptedException {
        RequestTransport transport = new RequestTransport();
        RouteChannel channel = requestChannel(transport, 3, "a", "partly", "b", "after");

        Await.until(WAIT, () -> transport.requests.size() == 1, () -> "1 request, got " + transport.requests.size());
        channel.stop(1000);

        assertThat(transport.requests).containsExactly("after\n");
        assertThat(channel.rejectedCount()).isEqualTo(1);
        assertThat(channel.sentCount()).isEqualTo(3); // the two the receiver took, and "after"
    }

    @Test
    void resendsTheBatchThatFailedOnAStreamTransport() throws InterruptedException {
        FakeTransport transport = new FakeTransport(false, null);
        transport.failAfterMessages = 300;
        RouteChannel channel = channel(transport, settings(10_000, QueueFullPolicy.DROP), LINES);
        ContainerInfo app = container("app");
        channel.start();
        for (int i = 0; i < 1000; i++) {
            channel.deliver(line(app, "stdout", "line " + i));
        }

        Await.until(WAIT, () -> transport.received.size() >= 1000, () -> "at least 1000 lines, got " + transport.received.size());
        channel.stop(1000);

        assertThat(transport.received).containsExactlyElementsOf(numbered(1000));
        assertThat(transport.connects.get()).isEqualTo(2);
    }

    @Test
    void doesNotResendDatagramsThatWereSent() throws InterruptedException {
        FakeTransport transport = new FakeTransport(true, null);
        transport.failAfterMessages = 300;
        RouteChannel channel = channel(transport, settings(10_000, QueueFullPolicy.DROP), LINES);
        ContainerInfo app = container("app");
        for (int i = 0; i < 1000; i++) {
            channel.deliver(line(app, "stdout", "line " + i));
        }
        channel.start();

        Await.until(WAIT, () -> transport.received.size() >= 1000, () -> "at least 1000 lines, got " + transport.received.size());
        channel.stop(1000);

        assertThat(transport.received).containsExactlyElementsOf(numbered(1000));
    }

    @Test
    void countsWhatDoesNotFitWhenTheQueueIsFull() throws InterruptedException {
        Semaphore gate = new Semaphore(0);
        FakeTransport transport = new FakeTransport(false, gate);
        RouteChannel channel = channel(transport, settings(10, QueueFullPolicy.DROP), LINES);
        ContainerInfo app = container("app");
        channel.start();
        channel.deliver(line(app, "stdout", "first"));
        Await.until(WAIT, () -> gate.hasQueuedThreads(), () -> "the sender to be stuck writing \"first\"");
        for (int i = 0; i < 25; i++) {
            channel.deliver(line(app, "stdout", "more " + i));
        }

        assertThat(channel.droppedCount()).isEqualTo(15);
        gate.release(1000);
        Await.until(WAIT, () -> transport.received.size() == 11, () -> "11 lines, got " + transport.received.size());
        channel.stop(1000);
        assertThat(transport.received).startsWith("first\n", "more 0\n").endsWith("more 9\n");
    }

    @Test
    void aSlowButMovingDestinationGetsBackpressureNotLoss() throws InterruptedException {
        Semaphore gate = new Semaphore(0);
        FakeTransport transport = new FakeTransport(false, gate);
        RouteChannel channel = new RouteChannel(ROUTE, RouteFilter.of(ROUTE), LINES, transport,
                new RouterSettings(10, 1L << 30, QueueFullPolicy.DROP, 3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30)),
                InstantSource.system(), LogHistory.NONE);
        ContainerInfo app = container("app");
        channel.start();
        // The destination takes one message each time the sender asks: slower than the producer.
        Thread trickle = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (gate.hasQueuedThreads()) {
                    gate.release();
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        for (int i = 0; i < 200; i++) {
            channel.deliver(line(app, "stdout", "line " + i));
        }

        Await.until(WAIT, () -> transport.received.size() == 200, () -> "200 lines, got " + transport.received.size());
        trickle.interrupt();
        channel.stop(1000);
        assertThat(transport.received).containsExactlyElementsOf(numbered(200));
        assertThat(channel.droppedCount()).isZero();
    }

    @Test
    void sendsALineTheAdapterCannotEncodeAsPlainText() throws InterruptedException {
        FakeTransport transport = new FakeTransport(false, null);
        Adapter picky = (message, out) -> {
            out.writeUtf8("partial");
            if (message.data().contains("bad")) {
                throw new IllegalStateException("cannot encode");
            }
            out.writeUtf8(" " + message.data() + "\n");
        };
        RouteChannel channel = channel(transport, settings(100, QueueFullPolicy.DROP), picky);
        ContainerInfo app = container("app");
        channel.deliver(line(app, "stdout", "good"));
        channel.deliver(line(app, "stdout", "bad one"));
        channel.start();

        Await.until(WAIT, () -> transport.received.size() == 2, () -> "2 lines, got " + transport.received.size());
        channel.stop(1000);

        assertThat(transport.received).containsExactly("partial good\n", "bad one\n");
        assertThat(channel.encodeFailureCount()).isEqualTo(1);
    }

    @Test
    void aFailingTickOrCloseIsCountedAndTheRouteGoesOn() throws InterruptedException {
        FakeTransport transport = new FakeTransport(false, null);
        Adapter failingHooks = new Adapter() {
            @Override
            public void encode(io.logspout.api.LogMessage message, io.logspout.api.Output out) {
                out.writeUtf8(message.data() + "\n");
            }

            @Override
            public long tickIntervalMillis() {
                return 1;
            }

            @Override
            public void tick(java.time.Instant now, io.logspout.api.Output out) {
                out.writeUtf8("finished\n");
                out.endMessage();
                out.writeUtf8("unfinished");
                throw new IllegalStateException("tick failed");
            }

            @Override
            public void close(io.logspout.api.Output out) {
                throw new IllegalStateException("close failed");
            }
        };
        RouteChannel channel = channel(transport, settings(100, QueueFullPolicy.DROP), failingHooks);
        ContainerInfo app = container("app");
        channel.start();
        Await.until(WAIT, () -> channel.encodeFailureCount() >= 2, () -> "2 encode failures, got " + channel.encodeFailureCount());
        channel.deliver(line(app, "stdout", "still routing"));
        Await.until(WAIT, () -> transport.received.contains("still routing\n"), () -> "\"still routing\", got " + transport.received);
        channel.stop(1000);

        assertThat(transport.received).contains("finished\n").doesNotContain("unfinished");
        assertThat(channel.status()).isEqualTo(RouteChannel.Status.STOPPED);
    }

    @Test
    void flushesHeldMessagesWhenAContainerStopsAndWhenTheRouteStops() throws InterruptedException {
        FakeTransport transport = new FakeTransport(false, null);
        List<String> held = new ArrayList<>();
        Adapter holding = new Adapter() {
            @Override
            public void encode(io.logspout.api.LogMessage message, io.logspout.api.Output out) {
                held.add(message.data());
            }

            @Override
            public void containerStopped(ContainerInfo container, io.logspout.api.Output out) {
                out.writeUtf8(String.join("+", held) + "\n");
                held.clear();
            }

            @Override
            public void close(io.logspout.api.Output out) {
                out.writeUtf8("closing " + held + "\n");
            }
        };
        RouteChannel channel = channel(transport, settings(100, QueueFullPolicy.DROP), holding);
        ContainerInfo app = container("app");
        channel.start();
        channel.deliver(line(app, "stdout", "a"));
        channel.deliver(line(app, "stdout", "b"));
        channel.containerStopped(app);
        Await.until(WAIT, () -> transport.received.size() == 1, () -> "1 line, got " + transport.received.size());
        channel.deliver(line(app, "stdout", "c"));
        channel.stop(1000);

        assertThat(transport.received).containsExactly("a+b\n", "closing [c]\n");
    }
}
