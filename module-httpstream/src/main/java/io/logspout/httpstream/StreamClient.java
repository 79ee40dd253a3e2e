package io.logspout.httpstream;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.router.RouteFilter;
import io.logspout.core.router.Subscriber;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's live stream: a subscriber of the router with its own bounded queue, drained on
 * the client's event loop as fast as the client reads.
 *
 * <p>Container reader threads {@link #deliver} lines into the queue and never wait: when the
 * queue is full the client has fallen too far behind, and it is disconnected. The drain writes
 * what is queued in batches (one HTTP chunk per batch; one WebSocket frame per line, or per batch
 * when the format writes each message as one line) while
 * the channel is writable, flushes once per round, and stops when Netty's outbound buffer is
 * over its high-water mark; {@link #channelWritabilityChanged} resumes it. The buffers written
 * belong to Netty from the write on.
 *
 * <p>It is also the channel's handler for as long as the stream lasts: it sees writability and
 * inbound data (a WebSocket client's close and ping frames; anything an HTTP client sends after
 * its request is dropped, as the connection now carries the stream).
 */
final class StreamClient extends ChannelInboundHandlerAdapter implements Subscriber {
    /** Lines per HTTP chunk: big enough to save system calls, small enough to keep latency low. */
    private static final int MAX_BATCH = 256;
    /** Batches per event-loop turn, so one busy stream does not starve the loop's other channels. */
    private static final int MAX_BATCHES_PER_TURN = 16;

    /** What the stream reports to its owner: that it overflowed, and that it ended. */
    interface Listener {
        void overflowed(StreamClient stream);

        void ended(StreamClient stream);
    }

    private final Channel channel;
    private final RouteFilter filter;
    private final MessageFormat format;
    private final WebSocketServerHandshaker webSocket;
    private final Listener listener;
    private final ArrayBlockingQueue<LogMessage> queue;
    private final List<LogMessage> batch = new ArrayList<>(MAX_BATCH);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile boolean ended;

    /**
     * @param webSocket the handshaker of a WebSocket stream (frames out, close and ping in), or
     *     null for a chunked HTTP response
     */
    StreamClient(Channel channel, RouteFilter filter, MessageFormat format, WebSocketServerHandshaker webSocket, int queueSize, Listener listener) {
        this.channel = channel;
        this.filter = filter;
        this.format = format;
        this.webSocket = webSocket;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    Channel channel() {
        return channel;
    }

    boolean webSocket() {
        return webSocket != null;
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
        if (ended) {
            return;
        }
        if (!queue.offer(message)) {
            if (overflowed.compareAndSet(false, true)) {
                listener.overflowed(this);
                channel.close();
            }
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    /** Runs on the event loop. Clearing the flag first means a line queued during the drain schedules another. */
    private void drain() {
        drainScheduled.set(false);
        int batches = 0;
        boolean wrote = false;
        while (channel.isWritable() && !ended && batches < MAX_BATCHES_PER_TURN && queue.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
            batch.clear();
            batches++;
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        if (batches == MAX_BATCHES_PER_TURN && channel.isWritable() && !queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    private void write(List<LogMessage> messages) {
        if (webSocket == null || format.oneLinePerMessage()) {
            ByteBuf chunk = channel.alloc().buffer();
            for (LogMessage message : messages) {
                format.append(message, chunk);
            }
            channel.write(webSocket == null ? new DefaultHttpContent(chunk) : new TextWebSocketFrame(chunk), channel.voidPromise());
        } else {
            for (LogMessage message : messages) {
                ByteBuf frame = channel.alloc().buffer();
                format.append(message, frame);
                channel.write(new TextWebSocketFrame(frame), channel.voidPromise());
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            switch (message) {
                case CloseWebSocketFrame close when webSocket != null -> webSocket.close(ctx.channel(), close.retain());
                case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                default -> {
                    // The stream owns the connection: further requests and text frames go unanswered.
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Mostly a client that went away mid-write; the stream ends with the channel either way.
        ctx.close();
    }

    /** The channel closed: stop taking lines, tell the owner (which unsubscribes) and let go of the queued lines. */
    void end() {
        ended = true;
        listener.ended(this);
        queue.clear();
    }
}
