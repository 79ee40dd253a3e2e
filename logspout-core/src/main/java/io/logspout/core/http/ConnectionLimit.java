package io.logspout.core.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the server to {@code HTTP_MAX_CONNECTIONS} open connections: one beyond them is answered
 * {@code 503} with the reason, before its request is read, and closed. Shared by all connections,
 * first in each pipeline.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final int max;
    private final byte[] refusal;
    private final AtomicInteger open = new AtomicInteger();
    /** Whether the limit was reached and not yet left: a warning once per time it is reached. */
    private final AtomicBoolean full = new AtomicBoolean();

    ConnectionLimit(int max) {
        this.max = max;
        String body = "503 service unavailable: the server holds its limit of " + max + " connections (HTTP_MAX_CONNECTIONS)\n";
        refusal = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + HttpResponses.TEXT + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            if (full.compareAndSet(false, true)) {
                log.warn("http: {} connections open, the limit; refusing more with 503 until some close (HTTP_MAX_CONNECTIONS)", max);
            }
            ctx.channel().config().setAutoRead(false); // its request is not read, let alone served
            ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (open.decrementAndGet() < max) {
            full.set(false);
        }
        super.channelInactive(ctx);
    }
}
