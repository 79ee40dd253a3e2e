package io.logspout.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.logspout.api.Config;
import io.logspout.api.JobContext;
import io.logspout.core.config.GoDuration;
import io.logspout.core.pump.ContainerStats;
import io.logspout.core.pump.DockerStats;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.router.RouteStats;
import io.logspout.core.stats.Stats;
import io.logspout.core.store.RouteJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                    RouteJson.generate(report::write) + "\n");
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

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("status", starting() ? "Starting" : healthy() ? "Healthy!" : "Unhealthy");
            if (!healthy()) {
                json.writeArrayFieldStart("reasons");
                for (String reason : reasons) {
                    json.writeString(reason);
                }
                json.writeEndArray();
            }
            if (docker.isPresent()) {
                json.writeStringField("docker", switch (docker.get().state()) {
                    case STARTING -> "starting";
                    case UP -> "reachable";
                    case DOWN -> "unreachable";
                });
            }
            json.writeArrayFieldStart("routes");
            for (RouteStats route : routes) {
                json.writeStartObject();
                json.writeStringField("id", route.route().id());
                json.writeStringField("adapter", route.route().adapter());
                json.writeStringField("address", route.route().address());
                json.writeStringField("status", route.status().name().toLowerCase(Locale.ROOT));
                json.writeNumberField("sent", route.sentMessages());
                json.writeNumberField("dropped", route.dropped());
                json.writeNumberField("queued", route.queuedMessages());
                json.writeNumberField("lag_seconds", route.lag().toMillis() / 1000.0);
                if (!route.lastError().isEmpty()) {
                    json.writeStringField("error", route.lastError());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
