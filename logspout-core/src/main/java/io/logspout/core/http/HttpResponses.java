package io.logspout.core.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Whole answers in the style of logspout's Go server, for the HTTP modules. Each sets
 * {@code Content-Length}, so the connection stays open for the next request unless the client
 * asked to close it (the server's keep-alive handler decides). Safe to call from any thread.
 */
public final class HttpResponses {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    private static final String NOSNIFF_HEADER = "X-Content-Type-Options";

    private HttpResponses() {
    }

    /** A complete response with {@code body} of {@code contentType}. */
    public static FullHttpResponse response(HttpRequest request, HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

    /** Sends {@code body} as JSON. */
    public static ChannelFuture json(ChannelHandlerContext context, HttpRequest request, HttpResponseStatus status, String body) {
        return context.writeAndFlush(response(request, status, JSON, body));
    }

    /**
     * Sends {@code message} and a newline as plain text with {@code X-Content-Type-Options: nosniff},
     * as Go's {@code http.Error} answers errors.
     */
    public static ChannelFuture error(ChannelHandlerContext context, HttpRequest request, HttpResponseStatus status, String message) {
        FullHttpResponse response = response(request, status, TEXT, message + "\n");
        response.headers().set(NOSNIFF_HEADER, "nosniff");
        return context.writeAndFlush(response);
    }

    /** {@code 404 page not found}, Go's answer for a path nothing serves. */
    public static ChannelFuture notFound(ChannelHandlerContext context, HttpRequest request) {
        return error(context, request, HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    /** {@code 405 method not allowed} with the {@code Allow} header listing {@code allowed}. */
    public static ChannelFuture methodNotAllowed(ChannelHandlerContext context, HttpRequest request, String allowed) {
        FullHttpResponse response = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT,
                "405 method not allowed: " + request.method() + " " + pathOf(request) + " accepts " + allowed + "\n");
        response.headers()
                .set(NOSNIFF_HEADER, "nosniff")
                .set(HttpHeaderNames.ALLOW, allowed);
        return context.writeAndFlush(response);
    }

    /** The path of the request's URI, still percent-encoded, without the query; {@code /} when empty. */
    public static String pathOf(HttpRequest request) {
        String uri = request.uri();
        int start = 0;
        if (!uri.startsWith("/")) { // absolute form: http://host:port/path
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                int slash = uri.indexOf('/', scheme + 3);
                start = slash < 0 ? uri.length() : slash;
            }
        }
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
            end++;
        }
        return end == start ? "/" : uri.substring(start, end);
    }
}
