package io.logspout.core.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not sent a whole request within {@code HTTP_IDLE_TIMEOUT} of its
 * opening or of the end of its last response: an idle keep-alive connection, or one that sent
 * half a request head and stopped, would otherwise hold a file descriptor for ever. The clock
 * stops while a request is being answered, so a {@code /logs} stream or a WebSocket, whose answer
 * goes on until the client leaves, is never cut.
 *
 * <p>One per connection, after the aggregator: it sees whole requests coming in and the
 * handlers' responses going out. All its methods run on the connection's event loop.
 */
final class IdleTimeout extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleTimeout.class);

    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    /** Whole requests read whose final response has not ended yet (pipelining allows several). */
    private int unanswered;
    /** Switched to WebSocket: no more HTTP requests come. */
    private boolean upgraded;

    IdleTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof FullHttpRequest) {
            unanswered++;
            cancel();
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            upgraded = true;
            cancel();
        }
        boolean interim = message instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (message instanceof LastHttpContent && !interim && !upgraded) {
            ChannelPromise written = promise.unvoid();
            written.addListener((ChannelFutureListener) future -> {
                unanswered = Math.max(0, unanswered - 1);
                if (unanswered == 0 && future.channel().isActive()) {
                    start(ctx);
                }
            });
            super.write(ctx, message, written);
            return;
        }
        super.write(ctx, message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void start(ChannelHandlerContext ctx) {
        cancel();
        if (timeoutNanos > 0 && !upgraded) {
            timer = ctx.executor().schedule(() -> {
                log.debug("http: closing {}: no whole request within HTTP_IDLE_TIMEOUT={}", ctx.channel().remoteAddress(), Duration.ofNanos(timeoutNanos));
                ctx.close();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
