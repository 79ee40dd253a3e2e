package io.logspout.routesapi;

import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpResponses;
import io.logspout.core.route.RouteManager;
import io.logspout.core.store.RouteIds;
import io.logspout.core.store.RouteJson;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of {@code /routes}, answered as logspout answers them: pretty JSON with a
 * trailing newline, {@code 201} for a created route, {@code 400 Bad request: ...} for a body
 * that is not a route, {@code 400 Bad route: ...} for a route that cannot work,
 * {@code 404 page not found} for an unknown id.
 *
 * <p>Adding, replacing and removing a route may wait for the old route to hand over what it
 * holds, so they run on a virtual thread, never on the event loop; the connection reads no
 * further request until the answer is written, which keeps pipelined answers in order.
 */
final class RoutesHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RoutesHandler.class);
    static final String ROOT = "/routes";
    private static final String BEARER = "Bearer ";

    private final RouteManager routes;
    private final byte[] token;

    /** @param token the bearer token every request must carry, or null for an open API */
    RoutesHandler(RouteManager routes, byte[] token) {
        this.routes = routes;
        this.token = token;
    }

    @Override
    public void handle(ChannelHandlerContext context, FullHttpRequest request) {
        if (!authorized(request)) {
            FullHttpResponse response = HttpResponses.response(request, HttpResponseStatus.UNAUTHORIZED, HttpResponses.TEXT,
                    "401 unauthorized: send the header 'Authorization: Bearer <token>' with the token of " + RoutesApiModule.TOKEN_SETTING + "\n");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"logspout routes\"");
            context.writeAndFlush(response);
            return;
        }
        String path = HttpResponses.pathOf(request);
        if (path.equals(ROOT)) {
            handleRoutes(context, request);
            return;
        }
        String rest = path.substring(ROOT.length() + 1);
        if (rest.isEmpty() || rest.indexOf('/') >= 0) {
            HttpResponses.notFound(context, request);
            return;
        }
        handleRoute(context, request, QueryStringDecoder.decodeComponent(rest));
    }

    /** {@code /routes}: GET lists, POST creates or replaces. */
    private void handleRoutes(ChannelHandlerContext context, FullHttpRequest request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET)) {
            HttpResponses.json(context, request, HttpResponseStatus.OK, RouteJson.write(routes.all().stream().map(Route::masked).toList()) + "\n");
        } else if (method.equals(HttpMethod.POST)) {
            Route route;
            try {
                route = RouteJson.parse(ByteBufUtil.getBytes(request.content()));
            } catch (ConfigException e) {
                HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "Bad request: " + e.getMessage());
                return;
            }
            try {
                if (!route.id().isEmpty()) {
                    RouteIds.check(route.id());
                }
            } catch (ConfigException e) {
                HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "Bad route: " + e.getMessage());
                return;
            }
            answerLater(context, request, () -> create(context, request, route));
        } else {
            HttpResponses.methodNotAllowed(context, request, "GET, POST");
        }
    }

    /** {@code /routes/<id>}: GET reads, DELETE removes. */
    private void handleRoute(ChannelHandlerContext context, FullHttpRequest request, String id) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.DELETE)) {
            HttpResponses.methodNotAllowed(context, request, "GET, DELETE");
            return;
        }
        try {
            RouteIds.check(id);
        } catch (ConfigException e) {
            HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "Bad request: " + e.getMessage());
            return;
        }
        if (method.equals(HttpMethod.GET)) {
            Optional<Route> route = routes.get(id);
            if (route.isPresent()) {
                HttpResponses.json(context, request, HttpResponseStatus.OK, RouteJson.write(route.get().masked()) + "\n");
            } else {
                HttpResponses.notFound(context, request);
            }
        } else {
            answerLater(context, request, () -> remove(context, request, id));
        }
    }

    private void create(ChannelHandlerContext context, HttpRequest request, Route route) {
        Route added;
        try {
            added = routes.add(route, true);
        } catch (ConfigException e) {
            // The cause is the problem itself; the wrapper repeats the route the client just sent.
            Throwable problem = e.getCause() instanceof ConfigException cause ? cause : e;
            HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "Bad route: " + problem.getMessage());
            return;
        }
        log.info("routes API: route {} to {} {}", added.id(), added.adapter(), added.address());
        HttpResponses.json(context, request, HttpResponseStatus.CREATED, RouteJson.write(added.masked()) + "\n");
    }

    private void remove(ChannelHandlerContext context, HttpRequest request, String id) {
        if (!routes.remove(id)) {
            HttpResponses.notFound(context, request);
            return;
        }
        log.info("routes API: removed route {}", id);
        FullHttpResponse removed = HttpResponses.response(request, HttpResponseStatus.OK, HttpResponses.TEXT, "");
        removed.headers().remove(HttpHeaderNames.CONTENT_TYPE); // an empty answer, as logspout's
        context.writeAndFlush(removed);
    }

    /** Runs {@code answer} on a virtual thread; the connection reads nothing more until it has answered. */
    private static void answerLater(ChannelHandlerContext context, HttpRequest request, Runnable answer) {
        context.channel().config().setAutoRead(false);
        Thread.ofVirtual().name("routes-api").start(() -> {
            try {
                answer.run();
            } catch (RuntimeException e) {
                log.warn("routes API: {} {} failed: {}", request.method(), request.uri(), e.toString());
                HttpResponses.error(context, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 internal server error: " + e.getMessage());
            } finally {
                context.channel().config().setAutoRead(true);
            }
        });
    }

    private boolean authorized(HttpRequest request) {
        if (token == null) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token); // constant time: the token is a secret
    }
}
