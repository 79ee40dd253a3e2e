package io.logspout.core.http;

import io.logspout.api.Config;
import io.logspout.api.JobContext;
import io.logspout.core.config.GoDuration;
import io.logspout.core.pump.ContainerStats;
import io.logspout.core.pump.DockerStats;
import io.logspout.core.router.Gaps;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.router.RouteStats;
import io.logspout.core.stats.Stats;
import io.logspout.template.GoJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health}, for any method as in logspout: {@code 200} with {@code "status": "Healthy!"}
 * when the Docker engine is reachable, no route fails or lags more than {@code HEALTH_MAX_LAG}
 * and no container's log stream keeps failing; else {@code 503} with the reasons:
 * {@code "status": "Starting"} until the engine has answered once (so that a readiness probe is
 * honest from the first second: the engine is not called unreachable before it was tried), then
 * {@code "Unhealthy"}. Both list every route with its state. logspout answered a static
 * {@code Healthy!}; this one checks.
 *
 * <p>{@code /health?check=docker} judges the engine alone (the routes are still listed): for a
 * liveness probe, which restarts logspout, and a restart helps when the engine's socket went
 * stale, not when a log server is down (it would only drop the lines the route holds).
 */
final class HealthModule implements HttpModule {
    static final String NAME = "health";
    static final String MAX_LAG = "HEALTH_MAX_LAG";
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
        Stats stats = Stats.of(context);
        Duration maxLag = maxLag(context.config());
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
            Report report = Report.of(stats.docker(), stats.routes(), checks.isEmpty() ? stats.containers() : List.of(), checks.isEmpty(), maxLag);
            HttpResponses.json(channel, request, report.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    GoJson.marshalIndent(report.toJson()) + "\n");
        };
    }

    /** {@code HEALTH_MAX_LAG} (default 1m); 0 turns the lag check off. */
    static Duration maxLag(Config config) {
        return GoDuration.parse(MAX_LAG, config.get(MAX_LAG, "1m"));
    }

    /**
     * The state at one moment: the engine's (absent without a pump) and every route's; failing and
     * lagging routes and failing container streams are reasons to be unhealthy when {@code judgeAll}.
     */
    record Report(Optional<DockerStats> docker, List<RouteStats> routes, List<String> reasons) {
        static Report of(Optional<DockerStats> docker, List<RouteStats> routes, List<ContainerStats> containers, boolean judgeAll, Duration maxLag) {
            List<String> reasons = new ArrayList<>();
            docker.ifPresent(engine -> {
                String error = engine.error().isEmpty() ? "" : ": " + engine.error();
                switch (engine.state()) {
                    case STARTING -> reasons.add("starting: the Docker engine at " + engine.address() + " has not answered yet"
                            + (error.isEmpty() ? "" : "; its first tries failed" + error));
                    case DOWN -> reasons.add("Docker engine unreachable at " + engine.address() + error);
                    case UP -> {
                        // nothing to say
                    }
                }
            });
            if (judgeAll) {
                for (RouteStats route : routes) {
                    if (route.status() == RouteChannel.Status.FAILING) {
                        reasons.add("route " + route.route().id() + " failing: " + route.lastError());
                    } else if (maxLag.isPositive() && route.lag().compareTo(maxLag) > 0) {
                        reasons.add("route " + route.route().id() + " lagging: its oldest line not yet delivered is " + route.lag().toSeconds()
                                + " s old (" + MAX_LAG + " is " + maxLag.toSeconds() + " s); lines waiting: " + route.queuedMessages());
                    }
                }
                for (ContainerStats container : containers) {
                    if (container.streamFailing()) {
                        reasons.add("container " + container.container().bareName() + " (" + container.container().shortId() + ") log stream failing "
                                + container.failuresInARow() + " times in a row: " + container.lastError());
                    }
                }
            }
            return new Report(docker, routes, reasons);
        }

        boolean healthy() {
            return reasons.isEmpty();
        }

        private boolean starting() {
            return docker.isPresent() && docker.get().state() == DockerStats.State.STARTING;
        }

        /** The answer's object: its keys in this order, {@code reasons} only when unhealthy. */
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", starting() ? "Starting" : healthy() ? "Healthy!" : "Unhealthy");
            if (!healthy()) {
                json.put("reasons", reasons);
            }
            docker.ifPresent(engine -> json.put("docker", switch (engine.state()) {
                case STARTING -> "starting";
                case UP -> "reachable";
                case DOWN -> "unreachable";
            }));
            List<Map<String, Object>> states = new ArrayList<>();
            for (RouteStats route : routes) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("id", route.route().id());
                state.put("adapter", route.route().adapter());
                state.put("address", route.route().address());
                state.put("status", route.status().name().toLowerCase(Locale.ROOT));
                state.put("sent", route.sentMessages());
                state.put("dropped", route.dropped());
                state.put("queued", route.queuedMessages());
                state.put("lag_seconds", route.lag().toMillis() / 1000.0);
                state.put("behind", route.behind());
                putGaps(state, route.gaps());
                if (route.rejected() > 0) {
                    state.put("rejected", route.rejected());
                }
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
