package io.logspout.routesapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Route;
import io.logspout.core.testing.ServedLogspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes API and /health against the real server with real containers on the test engine
 * and real TCP sinks: a route created over HTTP routes at once, a delete stops it, a POST with
 * the same id moves it.
 */
class RoutesApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Prints {@code tick-1}, {@code tick-2}, ... ten times a second. */
    private static final String TICKS = "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done";
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private final String prefix = "api" + UUID.randomUUID().toString().substring(0, 6);

    private ServedLogspout logspout(String routes, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("ROUTESPATH", temp.toString());
        ServedLogspout logspout = ServedLogspout.start(routes, all);
        live.closing(logspout);
        return logspout;
    }

    private TestContainer run(String script) {
        TestContainer container = live.docker().run(ContainerSpec.script(script).namePrefix(prefix));
        live.closingLast(container::remove); // removed after logspout stopped
        return container;
    }

    private String routeTo(TcpSink sink, String id) {
        return "{\"id\": \"" + id + "\", \"adapter\": \"tcp\", \"address\": \"" + sink.address() + "\", \"filter_name\": \"" + prefix + "-*\"}";
    }

    private static int lastTick(TcpSink sink) {
        return sink.lines().stream().filter(line -> line.startsWith("tick-"))
                .mapToInt(line -> Integer.parseInt(line.substring(5))).max().orElse(0);
    }

    /**
     * Waits until {@code reference}, a route that stays, has received 20 ticks more than when
     * called, then checks that {@code stopped} got no line generated after it was stopped: at
     * most the few that were on their way.
     */
    private static void assertNoMoreTicks(TcpSink stopped, TcpSink reference) {
        int atStop = lastTick(reference);
        int stoppedAt = lastTick(stopped);
        Await.until(WAIT, () -> lastTick(reference) >= atStop + 20, () -> "20 more ticks at " + reference.address() + " than " + atStop);
        assertThat(lastTick(stopped)).as("ticks at the stopped route").isEqualTo(stoppedAt).isLessThan(atStop + 10);
    }

    @Test
    void aRouteCreatedOverHttpRoutesRunningAndNewContainersAndADeleteStopsIt() {
        TcpSink reference = live.sink();
        TcpSink api = live.sink();
        ServedLogspout logspout = logspout("tcp://" + reference.address() + "?filter.name=" + prefix + "-*", Map.of());
        run("echo before-route; " + TICKS);
        reference.awaitLine("before-route"::equals, WAIT);

        HttpResponse<String> created = logspout.post("/routes", "{\"adapter\": \"tcp\", \"address\": \"" + api.address() + "\", \"filter_name\": \"" + prefix + "-*\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = logspout.routeTo(api.address());

        api.awaitLine(line -> line.startsWith("tick-"), WAIT);
        run("echo started-after-the-route");
        api.awaitLine("started-after-the-route"::equals, WAIT);
        assertThat(api.lines()).as("no history: only lines after the route was added").doesNotContain("before-route");
        assertThat(logspout.get("/routes").body()).contains("\"id\": \"" + id + "\"", api.address(), reference.address());
        assertThat(logspout.get("/routes/" + id).statusCode()).isEqualTo(200);

        assertThat(logspout.delete("/routes/" + id).statusCode()).isEqualTo(200);

        Await.until(WAIT, () -> api.openConnections() == 0, () -> "the deleted route's connection closed");
        assertNoMoreTicks(api, reference);
        assertThat(logspout.get("/routes").body()).doesNotContain(api.address());
    }

    @Test
    void aPostWithTheSameIdMovesTheRouteToItsNewDestination() {
        TcpSink reference = live.sink();
        TcpSink first = live.sink();
        TcpSink second = live.sink();
        ServedLogspout logspout = logspout("tcp://" + reference.address() + "?filter.name=" + prefix + "-*", Map.of());
        run(TICKS);

        assertThat(logspout.post("/routes", routeTo(first, "moving")).statusCode()).isEqualTo(201);
        first.awaitLine(line -> line.startsWith("tick-"), WAIT);
        assertThat(logspout.post("/routes", routeTo(second, "moving")).statusCode()).isEqualTo(201);

        second.awaitLine(line -> line.startsWith("tick-"), WAIT);
        Await.until(WAIT, () -> first.openConnections() == 0, () -> "the replaced route's connection closed");
        assertNoMoreTicks(first, reference);
        assertThat(logspout.logspout.routes().all()).filteredOn(route -> route.id().equals("moving"))
                .extracting(Route::address).containsExactly(second.address());
    }

    @Test
    void healthIsHealthyWhenTheEngineIsReachableAndRoutesDeliver() {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout("", Map.of());
        logspout.post("/routes", routeTo(sink, "healthy"));
        run("echo hello; sleep 600");
        sink.awaitLine("hello"::equals, WAIT);

        Await.until(WAIT, () -> logspout.get("/health").statusCode() == 200, () -> "200 from /health, got " + logspout.get("/health").body());
        HttpResponse<String> health = logspout.get("/health");

        assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(health.body()).startsWith("""
                {
                  "status": "Healthy!",
                  "docker": "reachable",
                  "routes": [
                    {
                      "id": "healthy",
                      "adapter": "raw+tcp",
                      "address": "%s",
                      "status": "connected",
                """.formatted(sink.address()));
        assertThat(logspout.send(logspout.request("/health").HEAD()).statusCode()).isEqualTo(200);
    }

    @Test
    void healthIs503WithTheReasonWhileARouteFails() {
        int deadPort = FreePort.tcp();
        ServedLogspout logspout = logspout("", Map.of("RETRY_COUNT", "0"));
        assertThat(logspout.post("/routes", "{\"id\": \"dead\", \"adapter\": \"tcp\", \"address\": \"127.0.0.1:" + deadPort + "\", \"filter_name\": \"" + prefix + "-*\"}")
                .statusCode()).as("a destination that is down is retried, not refused").isEqualTo(201);
        run(TICKS);

        Await.until(WAIT, () -> logspout.get("/health").statusCode() == 503, () -> "503 from /health, got " + logspout.get("/health").body());
        String refused = "tcp: cannot connect to 127.0.0.1:" + deadPort + " (127.0.0.1): Connection refused";
        String body = logspout.get("/health").body();

        assertThat(body).startsWith("""
                {
                  "status": "Unhealthy",
                  "reasons": [
                    "route dead failing: %s"
                  ],
                  "docker": "reachable",
                """.formatted(refused));
        assertThat(body).contains("\"status\": \"failing\"", "\"error\": \"" + refused + "\"");
        HttpResponse<String> engineOnly = logspout.get("/health?check=docker");
        assertThat(engineOnly.statusCode()).as("check=docker judges the engine alone").isEqualTo(200);
        assertThat(engineOnly.body()).contains("\"status\": \"Healthy!\"", "\"docker\": \"reachable\"", "\"status\": \"failing\"");

        logspout.delete("/routes/dead");
        Await.until(WAIT, () -> logspout.get("/health").statusCode() == 200, () -> "200 from /health once the failing route is gone");
    }

    @Test
    void aReplaySendsAWindowOfRunningAndExitedContainersAgainBesideTheLiveLines() {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout("tcp://" + sink.address() + "?filter.name=" + prefix + "-*", Map.of());
        String id = logspout.logspout.routes().all().getFirst().id();
        TestContainer app = run("echo before; while [ ! -f /tmp/a ]; do sleep 0.05; done; echo in-1; echo in-2; "
                + "while [ ! -f /tmp/b ]; do sleep 0.05; done; echo after; sleep 600");
        sink.awaitLine("before"::equals, WAIT);
        Instant since = Instant.now(); // after "before" arrived, so after Docker stamped it
        app.exec("touch /tmp/a");
        TestContainer exited = run("echo exited-in");
        assertThat(exited.waitForExit(WAIT)).isZero();
        sink.awaitLine("exited-in"::equals, WAIT);
        sink.awaitLine("in-2"::equals, WAIT);
        Instant until = Instant.now(); // before "after" is written
        app.exec("touch /tmp/b");
        sink.awaitLine("after"::equals, WAIT);
        assertThat(logspout.get("/routes/" + id + "/replay").statusCode()).as("no replay yet").isEqualTo(404);

        HttpResponse<String> started = logspout.post("/routes/" + id + "/replay", "{\"since\": \"" + since + "\", \"until\": \"" + until + "\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.body()).contains("\"route\": \"" + id + "\"", app.name(), exited.name());
        Await.until(WAIT, () -> logspout.get("/routes/" + id + "/replay").body().contains("\"state\": \"done\""),
                () -> "the replay to finish: " + logspout.get("/routes/" + id + "/replay").body());
        assertThat(logspout.get("/routes/" + id + "/replay").body()).contains("\"lines\": 3");
        app.exec("echo marker > /proc/1/fd/1");
        sink.awaitLine("marker"::equals, WAIT);
        List<String> got = sink.lines();
        assertThat(got).containsOnlyOnce("before", "after", "marker");
        assertThat(got.stream().filter(line -> line.equals("in-1") || line.equals("in-2") || line.equals("exited-in")))
                .containsExactlyInAnyOrder("in-1", "in-2", "exited-in", "in-1", "in-2", "exited-in");

        assertThat(logspout.post("/routes/" + id + "/replay", "{\"since\": \"yesterday\"}").statusCode()).isEqualTo(400);
        assertThat(logspout.post("/routes/nosuch/replay", "{\"since\": \"" + since + "\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aReplayNarrowedByFiltersSendsOnlyWhatBothTheRouteAndTheRequestTake() {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout("tcp://" + sink.address() + "?filter.name=" + prefix + "-*", Map.of());
        String id = logspout.logspout.routes().all().getFirst().id();
        Instant since = Instant.now().minusSeconds(1); // before any container of this test
        TestContainer picked = run("echo picked-out; echo picked-err >&2; sleep 600");
        TestContainer other = run("echo other-out; echo other-err >&2");
        assertThat(other.waitForExit(WAIT)).isZero();
        for (String line : List.of("picked-out", "picked-err", "other-out", "other-err")) {
            sink.awaitLine(line::equals, WAIT);
        }

        HttpResponse<String> started = logspout.post("/routes/" + id + "/replay",
                "{\"since\": \"" + since + "\", \"filter_name\": \"" + picked.name() + "\", \"filter_sources\": [\"stderr\"]}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.body()).contains(picked.name()).doesNotContain(other.name());
        Await.until(WAIT, () -> logspout.get("/routes/" + id + "/replay").body().contains("\"state\": \"done\""),
                () -> "the replay to finish: " + logspout.get("/routes/" + id + "/replay").body());
        assertThat(logspout.get("/routes/" + id + "/replay").body()).contains("\"lines\": 1");
        picked.exec("echo marker > /proc/1/fd/1");
        sink.awaitLine("marker"::equals, WAIT);
        assertThat(sink.lines().stream().filter(line -> !line.equals("marker")))
                .containsExactlyInAnyOrder("picked-out", "picked-err", "other-out", "other-err", "picked-err");

        HttpResponse<String> unknownKey = logspout.post("/routes/" + id + "/replay", "{\"since\": \"" + since + "\", \"filter.name\": \"x\"}");
        assertThat(unknownKey.statusCode()).isEqualTo(400);
        assertThat(unknownKey.body()).contains("unknown key \"filter.name\"", "filter_name");
        HttpResponse<String> badSources = logspout.post("/routes/" + id + "/replay", "{\"since\": \"" + since + "\", \"filter_sources\": \"stderr\"}");
        assertThat(badSources.statusCode()).isEqualTo(400);
        assertThat(badSources.body()).contains("filter_sources");
    }
}
