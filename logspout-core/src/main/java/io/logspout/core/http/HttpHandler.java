package io.logspout.core.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Answers the requests of one {@link HttpModule}, on a Netty event loop: it must not block.
 * The request body has been read whole (bounded: larger requests get 413 before this is called).
 * The handler owns the response: it may answer at once, stream a chunked response for as long as
 * it likes, or upgrade the connection to a WebSocket. It does not release {@code request}; the
 * server does after this returns.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(ChannelHandlerContext context, FullHttpRequest request) throws Exception;
}
