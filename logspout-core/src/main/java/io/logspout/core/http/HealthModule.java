package io.logspout.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.logspout.api.JobContext;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.route.RouteManager;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.store.RouteJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /health}, for any method as in logspout: {@code 200} with {@code "status": "Healthy!"}
 * when the Docker engine is reachable and no route is failing, else {@code 503} with
 * {@code "status": "Unhealthy"} and the reasons. Both list every route with its state.
 * logspout answered a static {@code Healthy!}; this one checks.
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
                    RouteJson.generate(report::write) + "\n");
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

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("status", healthy() ? "Healthy!" : "Unhealthy");
            if (!healthy()) {
                json.writeArrayFieldStart("reasons");
                for (String reason : reasons) {
                    json.writeString(reason);
                }
                json.writeEndArray();
            }
            if (dockerReachable.isPresent()) {
                json.writeStringField("docker", dockerReachable.get() ? "reachable" : "unreachable");
            }
            json.writeArrayFieldStart("routes");
            for (RouteChannel route : routes) {
                json.writeStartObject();
                json.writeStringField("id", route.route().id());
                json.writeStringField("adapter", route.route().adapter());
                json.writeStringField("address", route.route().address());
                json.writeStringField("status", route.status().name().toLowerCase(Locale.ROOT));
                json.writeNumberField("sent", route.sentCount());
                json.writeNumberField("dropped", route.droppedCount());
                if (route.rejectedCount() > 0) {
                    json.writeNumberField("rejected", route.rejectedCount());
                }
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
