package io.logspout.core.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each request to the module whose path it is under; {@code 404 page not found} for other paths. */
@ChannelHandler.Sharable
final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** A path of a module: {@code path} itself and everything under {@code path/}. */
    record Mount(String path, String module, HttpHandler handler) {
        boolean serves(String requestPath) {
            return requestPath.startsWith(path)
                    && (requestPath.length() == path.length() || requestPath.charAt(path.length()) == '/');
        }
    }

    private final List<Mount> mounts;

    Dispatcher(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // The decoder discards the rest of the connection's input after a bad message.
            HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "400 bad request: " + request.decoderResult().cause().getMessage())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String path = HttpResponses.pathOf(request);
        for (Mount mount : mounts) {
            if (mount.serves(path)) {
                try {
                    mount.handler().handle(context, request);
                } catch (Exception e) {
                    log.warn("HTTP module {} failed on {} {}: {}", mount.module(), request.method(), path, e.toString());
                    HttpResponses.error(context, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 internal server error")
                            .addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
        }
        HttpResponses.notFound(context, request);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("HTTP connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
        }
        context.close();
    }
}
