package io.logspout.core.http;

import io.logspout.api.JobContext;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.route.RouteManager;
import io.logspout.core.router.Gaps;
import io.logspout.core.router.RouteChannel;
import io.logspout.template.GoJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health}, for any method as in logspout: {@code 200} with {@code "status": "Healthy!"}
 * when the Docker engine is reachable and no route is failing, else {@code 503} with
 * {@code "status": "Unhealthy"} and the reasons. Both list every route with its state.
 * logspout answered a static {@code Healthy!}; this one checks.
 *
 * <p>Each route shows {@code sent} and {@code dropped} lines, the containers it is {@code behind}
 * on (catching up from Docker's log), and its {@code gaps}: stretches Docker no longer had when
 * the route came back for them, the latest with their container and window.
 *
 * <p>{@code /health?check=docker} judges the engine alone (the routes are still listed): for a
 * liveness probe, which restarts logspout, and a restart helps when the engine's socket went
 * stale, not when a log server is down (it would only drop the lines the route holds).
 */
final class HealthModule implements HttpModule {
    static final String NAME = "health";
    private static final String PATH = "/health";
    private static final String CHECK = "check";
    private static final String CHECK_DOCKER = "docker";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    @Override
    public HttpHandler create(JobContext context) {
        RouteManager routes = context.service(RouteManager.class)
                .orElseThrow(() -> new IllegalStateException("/health needs the RouteManager service"));
        Optional<DockerPump> pump = context.service(DockerPump.class);
        return (channel, request) -> {
            if (!HttpResponses.pathOf(request).equals(PATH)) {
                HttpResponses.notFound(channel, request); // as logspout: /health only, not /health/...
                return;
            }
            List<String> checks = new QueryStringDecoder(request.uri()).parameters().getOrDefault(CHECK, List.of());
            if (!checks.isEmpty() && !checks.equals(List.of(CHECK_DOCKER))) {
                HttpResponses.error(channel, request, HttpResponseStatus.BAD_REQUEST, "Bad request: " + CHECK + "=" + String.join(",", checks)
                        + " is not a check; " + PATH + "?" + CHECK + "=" + CHECK_DOCKER + " judges the Docker engine alone, " + PATH
                        + " the engine and every route");
                return;
            }
            Report report = Report.of(pump, routes.channels(), checks.isEmpty());
            HttpResponses.json(channel, request, report.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    GoJson.marshalIndent(report.toJson()) + "\n");
        };
    }

    /**
     * The state at one moment: the engine's reachability (absent without a pump) and every route's;
     * failing routes are reasons to be unhealthy when {@code judgeRoutes}.
     */
    record Report(Optional<Boolean> dockerReachable, List<RouteChannel> routes, List<String> reasons) {
        static Report of(Optional<DockerPump> pump, List<RouteChannel> routes, boolean judgeRoutes) {
            Optional<Boolean> reachable = pump.map(DockerPump::engineReachable);
            List<String> reasons = new ArrayList<>();
            if (reachable.isPresent() && !reachable.get()) {
                reasons.add("Docker engine unreachable");
            }
            for (RouteChannel route : routes) {
                if (judgeRoutes && route.status() == RouteChannel.Status.FAILING) {
                    reasons.add("route " + route.route().id() + " failing: " + route.lastError());
                }
            }
            return new Report(reachable, routes, reasons);
        }

        boolean healthy() {
            return reasons.isEmpty();
        }

        /** The answer's object: its keys in this order, {@code reasons} only when unhealthy. */
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", healthy() ? "Healthy!" : "Unhealthy");
            if (!healthy()) {
                json.put("reasons", reasons);
            }
            dockerReachable.ifPresent(reachable -> json.put("docker", reachable ? "reachable" : "unreachable"));
            List<Map<String, Object>> states = new ArrayList<>();
            for (RouteChannel route : routes) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("id", route.route().id());
                state.put("adapter", route.route().adapter());
                state.put("address", route.route().address());
                state.put("status", route.status().name().toLowerCase(Locale.ROOT));
                state.put("sent", route.sentCount());
                state.put("dropped", route.droppedCount());
                state.put("behind", route.behindCount());
                putGaps(state, route.gaps());
                if (!route.lastError().isEmpty()) {
                    state.put("error", route.lastError());
                }
                states.add(state);
            }
            json.put("routes", states);
            return json;
        }

        /** The gaps count, and the latest gaps with their container and window. */
        private static void putGaps(Map<String, Object> state, Gaps gaps) {
            state.put("gaps", gaps.count());
            List<Gaps.Gap> latest = gaps.latest();
            if (latest.isEmpty()) {
                return;
            }
            List<Map<String, Object>> described = new ArrayList<>();
            for (Gaps.Gap gap : latest) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("container", gap.containerName());
                entry.put("id", gap.containerId());
                entry.put("after", Gaps.time(gap.fromNanos()));
                if (gap.toNanos() > 0) {
                    entry.put("before", Gaps.time(gap.toNanos()));
                } else {
                    entry.put("reason", "container removed");
                }
                described.add(entry);
            }
            state.put("latestGaps", described);
        }
    }
}
