package io.logspout.routesapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.Route;
import io.logspout.core.http.BearerToken;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpResponses;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.pump.FoundContainer;
import io.logspout.core.route.RouteManager;
import io.logspout.core.router.Gaps;
import io.logspout.core.router.Replay;
import io.logspout.core.router.RouteFilter;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.store.RouteIds;
import io.logspout.core.store.RouteJson;
import io.logspout.template.GoJson;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    static final String REPLAY = "/replay";
    /** What a replay's body may hold: its window, and filters that narrow the route's. */
    private static final List<String> REPLAY_KEYS = List.of("since", "until", "filter_id", "filter_name", "filter_sources", "filter_labels");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteManager routes;
    private final Optional<DockerPump> pump;
    private final Optional<BearerToken> token;

    /**
     * @param pump where replays find the containers; without it a replay is refused
     * @param token the bearer token every request must carry, or empty for an open API
     */
    RoutesHandler(RouteManager routes, Optional<DockerPump> pump, Optional<BearerToken> token) {
        this.routes = routes;
        this.pump = pump;
        this.token = token;
    }

    @Override
    public void handle(ChannelHandlerContext context, FullHttpRequest request) {
        if (token.isPresent() && !token.get().admits(request)) {
            token.get().refuse(context, request);
            return;
        }
        String path = HttpResponses.pathOf(request);
        if (path.equals(ROOT)) {
            handleRoutes(context, request);
            return;
        }
        String rest = path.substring(ROOT.length() + 1);
        if (rest.endsWith(REPLAY) && rest.indexOf('/') == rest.length() - REPLAY.length()) {
            handleReplay(context, request, QueryStringDecoder.decodeComponent(rest.substring(0, rest.length() - REPLAY.length())));
            return;
        }
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

    /**
     * {@code /routes/<id>/replay}: POST {@code {"since": RFC 3339, "until": RFC 3339}} re-sends that
     * window of every matching container's log (running or exited) to the route, {@code 202} with
     * what it will replay; GET shows the latest replay's progress.
     */
    private void handleReplay(ChannelHandlerContext context, FullHttpRequest request, String id) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.POST)) {
            HttpResponses.methodNotAllowed(context, request, "GET, POST");
            return;
        }
        Optional<RouteChannel> channel = routes.channels().stream().filter(route -> route.route().id().equals(id)).findFirst();
        if (channel.isEmpty()) {
            HttpResponses.notFound(context, request);
            return;
        }
        if (method.equals(HttpMethod.GET)) {
            Replay replay = channel.get().replay();
            if (replay == null) {
                HttpResponses.error(context, request, HttpResponseStatus.NOT_FOUND, "404 no replay of route " + id + " yet: POST {\"since\": ..., \"until\": ...} to start one");
            } else {
                HttpResponses.json(context, request, HttpResponseStatus.OK, replayJson(id, replay));
            }
            return;
        }
        long since;
        long until;
        RouteFilter narrower;
        try {
            JsonNode body = JSON.readTree(ByteBufUtil.getBytes(request.content()));
            if (body == null || !body.isObject() || !body.path("since").isTextual()) {
                throw new IllegalArgumentException("the body must be a JSON object with \"since\" (and \"until\", default now) as RFC 3339 times");
            }
            for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!REPLAY_KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown key \"" + key + "\"; a replay takes " + String.join(", ", REPLAY_KEYS));
                }
            }
            since = nanos(body.path("since").asText(), "since");
            until = body.path("until").isTextual() ? nanos(body.path("until").asText(), "until") : Long.MAX_VALUE;
            if (until < since) {
                throw new IllegalArgumentException("\"until\" is before \"since\"");
            }
            narrower = RouteFilter.of(RouteJson.filters(body));
        } catch (IOException | IllegalArgumentException | ConfigException e) {
            HttpResponses.error(context, request, HttpResponseStatus.BAD_REQUEST, "Bad request: " + e.getMessage()
                    + "; e.g. {\"since\": \"2026-01-02T15:04:05Z\", \"until\": \"2026-01-02T16:00:00Z\"}");
            return;
        }
        if (pump.isEmpty()) {
            HttpResponses.error(context, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "503 no Docker pump runs here to read the logs from");
            return;
        }
        answerLater(context, request, () -> {
            List<ContainerInfo> containers;
            try {
                containers = pump.get().findContainers().stream().map(FoundContainer::container).toList();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                HttpResponses.error(context, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "503 the Docker engine cannot list its containers: " + e.getMessage());
                return;
            }
            Replay replay = channel.get().replay(containers, since, until, narrower);
            log.info("routes API: replay of {} containers to route {}", replay.containers().size(), id);
            HttpResponses.json(context, request, HttpResponseStatus.ACCEPTED, replayJson(id, replay));
        });
    }

    /** An RFC 3339 time as nanoseconds since the epoch. */
    private static long nanos(String text, String field) {
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + field + "\": '" + text + "' is not an RFC 3339 time");
        }
    }

    private static String replayJson(String id, Replay replay) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("route", id);
        json.put("since", Gaps.time(replay.sinceNanos()));
        if (replay.untilNanos() != Long.MAX_VALUE) {
            json.put("until", Gaps.time(replay.untilNanos()));
        }
        json.put("state", replay.state().name().toLowerCase(Locale.ROOT));
        json.put("lines", replay.lines());
        json.put("containersDone", replay.containersDone());
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerInfo container : replay.containers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", container.id());
            entry.put("name", container.bareName());
            containers.add(entry);
        }
        json.put("containers", containers);
        if (!replay.lastError().isEmpty()) {
            json.put("error", replay.lastError());
        }
        return GoJson.marshalIndent(json) + "\n";
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
}
