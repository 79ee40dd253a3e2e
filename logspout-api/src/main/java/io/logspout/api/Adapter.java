package io.logspout.api;

import java.time.Instant;
import java.util.Map;

/**
 * Encodes the messages of one route into bytes. Created by an {@link AdapterFactory} for each
 * route, and called by that route's single sender thread only, so an adapter needs no locking
 * and may keep reusable buffers.
 *
 * <p>The core does the I/O: it writes what the adapter encoded through the route's
 * {@link Connection}, reconnects with backoff when that fails and re-sends the messages that
 * were not written. An adapter therefore never sees a network error.
 */
@FunctionalInterface
public interface Adapter {

    /**
     * Encodes {@code message} into {@code out}. Usually one message in, one message out; an
     * adapter may also hold messages back (to join them) and emit them later, emit nothing, or
     * emit several messages (e.g. the chunks of a long message, one datagram each), calling
     * {@link Output#endMessage()} after each.
     * A {@link RuntimeException} here is counted and logged by the core, and the route goes on
     * with the next message.
     */
    void encode(LogMessage message, Output out);

    /**
     * How often {@link #tick} should be called, in milliseconds; 0 (the default) for never.
     * For adapters that hold messages back and must emit them after a while.
     */
    default long tickIntervalMillis() {
        return 0;
    }

    /** Called every {@link #tickIntervalMillis()} with the current time; may emit messages. */
    default void tick(Instant now, Output out) {
    }

    /**
     * The oldest line of container {@code containerId} that this adapter holds back and has not
     * emitted whole yet (a line it is joining, say), or null when it holds none. The core counts
     * a line as delivered, and moves the route's cursor in that container's log past it, only once
     * everything encoded from it was accepted: never past a line returned here. The default is
     * right for adapters that emit each line whole when they get it. Return the message that was
     * passed to {@link #encode} (or one with its key, as {@link LogMessage#withData} keeps it).
     */
    default LogMessage oldestHeld(String containerId) {
        return null;
    }

    /** Called when a container's log stream has ended for good; may emit held messages. */
    default void containerStopped(ContainerInfo container, Output out) {
    }

    /** Called once when the route is removed or logspout stops; may emit held messages. */
    default void close(Output out) {
    }

    /**
     * Called after each batch, before the core sends it: after the {@link #encode} calls of the
     * messages it took from the route's queue (and any {@link #tick}, {@link #containerStopped}
     * or {@link #close} with them). For destinations that take a whole batch as one body whose
     * parts do not simply concatenate (Loki's JSON push, one OTLP {@code ResourceLogs} per
     * container): such an adapter keeps what {@code encode} is handed, writes nothing there,
     * and writes the batch here as one message. The core re-sends that message whole after a
     * failure. The default does nothing, for adapters that write each message as it comes.
     */
    default void endBatch(Output out) {
    }

    /**
     * Defaults for the route's options that this adapter needs from its transport and from the
     * core's sender: an HTTP path and content type ({@code path}, {@code header.Content-Type}),
     * batch limits ({@code batch.count}, {@code batch.bytes}, {@code batch.linger}). An option
     * the route itself sets wins. The default is none.
     */
    default Map<String, String> defaultOptions() {
        return Map.of();
    }
}
