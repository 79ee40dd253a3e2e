package io.logspout.core.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Gives the aggregator's bodiless {@code 413} answers (a request over the limit, with or without
 * {@code Expect: 100-continue}) a body that says what the limit is.
 */
@ChannelHandler.Sharable
final class ExplainTooLarge extends ChannelOutboundHandlerAdapter {
    private final byte[] explanation;

    ExplainTooLarge(int maxRequestBytes) {
        explanation = ("413 request too large: the body may have at most " + maxRequestBytes + " bytes\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof FullHttpResponse response
                && response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()
                && !response.content().isReadable()) {
            FullHttpResponse explained = new DefaultFullHttpResponse(response.protocolVersion(), response.status(),
                    Unpooled.wrappedBuffer(explanation), response.headers().copy(), response.trailingHeaders().copy());
            explained.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.TEXT)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, explanation.length);
            response.release();
            context.write(explained, promise);
            return;
        }
        context.write(message, promise);
    }
}
