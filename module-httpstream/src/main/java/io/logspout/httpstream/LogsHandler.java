package io.logspout.httpstream;

import io.logspout.api.ContainerInfo;
import io.logspout.api.Route;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpResponses;
import io.logspout.core.router.RouteFilter;
import io.logspout.core.router.Router;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code /logs} requests: checks the path, method and query, picks the containers, then
 * turns the connection into a {@link StreamClient} subscribed to the router, as chunked HTTP or,
 * for an upgrade from an allowed origin, as WebSocket.
 */
final class LogsHandler implements HttpHandler, StreamClient.Listener {
    private static final Logger log = LoggerFactory.getLogger(LogsHandler.class);
    private static final int MAX_INBOUND_FRAME = 64 * 1024;

    private final Router router;
    private final StreamSettings settings;
    private final ZoneId zone;
    private final Set<StreamClient> open = ConcurrentHashMap.newKeySet();
    private final LongAdder slowClients = new LongAdder();

    LogsHandler(Router router, StreamSettings settings, ZoneId zone) {
        this.router = router;
        this.settings = settings;
        this.zone = zone;
    }

    /** Streams open now. */
    int openStreams() {
        return open.size();
    }

    /** Clients disconnected so far because they fell {@code HTTPSTREAM_QUEUE_SIZE} lines behind. */
    long slowClientsDisconnected() {
        return slowClients.sum();
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<StreamRequest> parsed;
        try {
            parsed = StreamRequest.parse(request.uri());
        } catch (StreamRequest.BadRequest e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (parsed.isEmpty()) {
            HttpResponses.notFound(ctx, request);
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            HttpResponses.methodNotAllowed(ctx, request, HttpMethod.GET.name());
            return;
        }
        StreamRequest stream = parsed.get();
        Route.Builder route = Route.builder().filterSources(stream.sources()).filterName(stream.nameGlob());
        if (stream.target() == StreamRequest.Target.ID) {
            Optional<String> id = resolveId(ctx, request, stream.value());
            if (id.isEmpty()) {
                return;
            }
            route.filterId(id.get());
        }
        RouteFilter filter = RouteFilter.of(route.build());
        if (request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            upgrade(ctx, request, stream, filter);
        } else {
            streamHttp(ctx, request, stream, filter);
        }
    }

    /** The full id of the one running container whose id starts with {@code prefix}; else answers 404 or 400. */
    private Optional<String> resolveId(ChannelHandlerContext ctx, FullHttpRequest request, String prefix) {
        TreeMap<String, ContainerInfo> candidates = new TreeMap<>();
        for (ContainerInfo container : router.containers()) {
            if (container.id().startsWith(prefix)) {
                candidates.put(container.id(), container);
            }
        }
        if (candidates.isEmpty()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no running container has an id starting with " + prefix);
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "id:" + prefix + " matches " + candidates.size() + " containers ("
                    + candidates.values().stream().map(c -> c.shortId() + " " + c.bareName()).collect(Collectors.joining(", "))
                    + "); give more of the id");
            return Optional.empty();
        }
        return Optional.of(candidates.firstKey());
    }

    private void streamHttp(ChannelHandlerContext ctx, FullHttpRequest request, StreamRequest stream, RouteFilter filter) {
        boolean json = acceptsJson(request.headers().get(HttpHeaderNames.ACCEPT));
        MessageFormat format = json ? new JsonFormat(zone, stream.compactJson()) : new TextFormat(stream.multiContainer(), stream.colors());
        StreamClient client = new StreamClient(ctx.channel(), filter, format, null, settings.queueSize(), this);
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, json ? HttpResponses.JSON : HttpResponses.TEXT)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                // Browsers hold back text they may still sniff; this lets them show lines as they come.
                .set("X-Content-Type-Options", "nosniff");
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            HttpUtil.setKeepAlive(response, false); // no chunks in HTTP/1.0: the stream ends with the connection
        } else {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        start(ctx, client, "http");
        // After subscribing: a client that has the headers gets every line logged from then on.
        ctx.channel().writeAndFlush(response);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, StreamRequest stream, RouteFilter filter) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!settings.origins().allows(origin, host)) {
            log.debug("http: logs WebSocket from origin {} refused (allowed: {})", origin, settings.origins());
            HttpResponses.error(ctx, request, HttpResponseStatus.FORBIDDEN, "403 forbidden: WebSocket origin " + (origin == null ? "(none)" : origin)
                    + " is not allowed; allowed: " + settings.origins() + " (set " + OriginPolicy.SETTING + ")");
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + host + request.uri(), null, false, MAX_INBOUND_FRAME)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel channel = ctx.channel();
        StreamClient client = new StreamClient(channel, filter, new JsonFormat(zone, stream.compactJson()), handshaker, settings.queueSize(), this);
        ChannelFuture handshake;
        try {
            handshake = handshaker.handshake(channel, request);
        } catch (WebSocketHandshakeException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "400 bad WebSocket upgrade: " + e.getMessage());
            return;
        }
        handshake.addListener((ChannelFutureListener) future -> {
            if (future.isSuccess()) {
                start(ctx, client, "websocket");
            } else {
                channel.close();
            }
        });
    }

    /** Subscribes before watching the close, so that a client gone already is unsubscribed too. */
    private void start(ChannelHandlerContext ctx, StreamClient stream, String kind) {
        ctx.pipeline().addBefore(ctx.name(), "logs-stream", stream);
        open.add(stream);
        router.subscribe(stream);
        stream.channel().closeFuture().addListener(future -> stream.end());
        log.debug("http: logs streamer connected [{}] from {}", kind, stream.channel().remoteAddress());
    }

    @Override
    public void overflowed(StreamClient stream) {
        slowClients.increment();
        log.warn("http: logs streamer {} disconnected: it fell {} lines behind ({}); slow clients so far: {}",
                stream.channel().remoteAddress(), settings.queueSize(), StreamSettings.QUEUE_SIZE, slowClients.sum());
    }

    @Override
    public void ended(StreamClient stream) {
        router.unsubscribe(stream);
        open.remove(stream);
        log.debug("http: logs streamer disconnected [{}] from {}", stream.webSocket() ? "websocket" : "http", stream.channel().remoteAddress());
    }

    /** Whether {@code Accept} names {@code application/json} (logspout wanted it alone, exactly). */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            int semicolon = range.indexOf(';');
            if ((semicolon < 0 ? range : range.substring(0, semicolon)).strip().equalsIgnoreCase("application/json")) {
                return true;
            }
        }
        return false;
    }
}
