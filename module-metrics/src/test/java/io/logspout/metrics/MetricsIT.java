package io.logspout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logspout.core.testing.ServedLogspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestClients;
import io.logspout.testsupport.TestContainer;
import io.logspout.testsupport.UnixSocketProxy;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and {@code /health} of a real logspout, with real containers on the test
 * engine, real TCP sinks and a real Prometheus server: the values, not just the names.
 */
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SENT = "logspout_route_messages_sent_total";
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private final String prefix = "met" + UUID.randomUUID().toString().substring(0, 6);

    private ServedLogspout logspout(String routes, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("ROUTESPATH", temp.resolve("no-routes").toString());
        return live.closing(ServedLogspout.start(routes, all));
    }

    private String routeUri(TcpSink sink) {
        return "tcp://" + sink.address() + "?filter.name=" + prefix + "-*";
    }

    private TestContainer run(String script) {
        TestContainer container = live.docker().run(ContainerSpec.script(script).namePrefix(prefix));
        live.closingLast(container::remove);
        return container;
    }

    /** Writes {@code lines} into the container's own log, now. */
    private static void write(TestContainer container, String... lines) {
        container.exec("printf '%s\\n' " + String.join(" ", lines) + " > /proc/1/fd/1");
    }

    private static String[] numbered(String prefix, int count) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = prefix + (i + 1);
        }
        return lines;
    }

    /** A logspout with a route to a sink of its own, and a container whose line {@code first} the sink has received. */
    private record Routed(TcpSink sink, ServedLogspout logspout, String route, TestContainer container) {
    }

    private Routed routedContainer(Map<String, String> settings) {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout(routeUri(sink), settings);
        TestContainer container = run("echo first; sleep 600");
        sink.awaitLine("first"::equals, WAIT);
        return new Routed(sink, logspout, logspout.routeTo(sink.address()), container);
    }

    /** Stops the sink and writes 200 lines, more than the route's queue holds: the route falls behind on the container. */
    private static Scrape fallBehind(Routed routed) {
        routed.sink().stop();
        write(routed.container(), numbered("burst-", 200));
        return awaitScrape(routed.logspout(), s -> s.get("logspout_route_behind_containers", "route", routed.route()) == 1, "the route behind on the container");
    }

    private static Scrape awaitScrape(ServedLogspout logspout, Predicate<Scrape> condition, String what) {
        Scrape[] last = new Scrape[1];
        Await.until(WAIT, () -> condition.test(last[0] = Scrape.of(logspout)), () -> what + "; last scrape:\n" + (last[0] == null ? "none" : last[0].text()));
        return last[0];
    }

    @Test
    void sentCountsEqualWhatTheSinkReceivedAndSeriesOfRemovedContainersAndDeletedRoutesDisappear() {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout(routeUri(sink), Map.of());
        String route = logspout.routeTo(sink.address());
        TestContainer container = run("for i in $(seq 1 100); do echo line-$i; done; echo done; sleep 600");
        sink.awaitLine("done"::equals, WAIT);

        Scrape scrape = awaitScrape(logspout, s -> s.get(SENT, "route", route) == 101, "101 messages sent");

        assertThat(scrape.get("logspout_route_bytes_sent_total", "route", route)).isEqualTo(sink.bytesReceived());
        assertThat(sink.lines()).hasSize(101);
        String[] labels = {"container_id", container.shortId(), "container_name", container.name()};
        assertThat(scrape.get("logspout_container_lines_read_total", labels)).isEqualTo(101);
        assertThat(scrape.get("logspout_container_bytes_read_total", labels))
                .as("Docker's frames: 8-byte header, 30-byte timestamp and a space before each line")
                .isEqualTo(sink.bytesReceived() + 101 * (8 + 31));
        assertThat(scrape.get("logspout_container_stream_reopens_total", labels)).isZero();
        assertThat(scrape.get("logspout_route_messages_dropped_total", "route", route)).isZero();
        assertThat(scrape.get("logspout_route_reconnects_total", "route", route)).isZero();
        assertThat(scrape.get("logspout_route_queue_messages", "route", route)).isZero();
        assertThat(scrape.get("logspout_route_queue_bytes", "route", route)).isZero();
        assertThat(scrape.get("logspout_route_lag_seconds", "route", route)).isZero();
        assertThat(scrape.get("logspout_route_up", "route", route)).isEqualTo(1);
        assertThat(scrape.get("logspout_docker_up")).isEqualTo(1);
        assertThat(scrape.get("logspout_containers_attached")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.get("logspout_docker_events_total", "type", "start")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.get("logspout_stream_clients")).isZero();
        assertThat(scrape.get("logspout_stream_clients_dropped_total")).isZero();
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPresent();
        assertThat(scrape.text()).contains("# HELP logspout_route_lag_seconds ", "# TYPE logspout_route_messages_sent_total counter",
                "# TYPE logspout_route_queue_messages gauge", "process_cpu_seconds_total", "jvm_threads_current");

        container.remove();
        awaitScrape(logspout, s -> !s.anyWithLabel("container_id", container.shortId()), "the removed container's series gone");
        assertThat(logspout.logspout.routes().remove(route)).isTrue();
        awaitScrape(logspout, s -> !s.anyWithLabel("route", route), "the deleted route's series gone");
    }

    @Test
    void whileTheSinkIsDownLinesQueueAndLagGrowThenAReconnectSendsThem() {
        Routed routed = routedContainer(Map.of());
        TcpSink sink = routed.sink();
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        TestContainer container = routed.container();

        sink.stop();
        String[] held = numbered("held-", 50);
        write(container, held);

        Scrape down = awaitScrape(logspout, s -> s.get("logspout_route_queue_messages", "route", route) == 50
                && s.get("logspout_route_up", "route", route) == 0, "50 lines held and the route down");
        int text = 9 * "held-1".length() + 41 * "held-10".length();
        assertThat(down.get("logspout_route_queue_bytes", "route", route))
                .as("held-1 to held-50: their text in the queue, with a newline each once encoded in the batch being sent")
                .isBetween((double) text, (double) text + 50);
        double lag = down.get("logspout_route_lag_seconds", "route", route);
        assertThat(lag).isPositive();
        awaitScrape(logspout, s -> s.get("logspout_route_lag_seconds", "route", route) > lag, "the lag growing while the sink is down");

        sink.restart();
        sink.awaitLine("held-50"::equals, WAIT);
        write(container, "last");
        sink.awaitLine("last"::equals, WAIT);
        Scrape up = awaitScrape(logspout, s -> s.get(SENT, "route", route) == 52, "52 messages sent");

        assertThat(sink.lines()).hasSize(52);
        assertThat(up.get("logspout_route_reconnects_total", "route", route)).isEqualTo(1);
        assertThat(up.get("logspout_route_up", "route", route)).isEqualTo(1);
        assertThat(up.get("logspout_route_queue_messages", "route", route)).isZero();
        assertThat(up.get("logspout_route_lag_seconds", "route", route)).isZero();
        assertThat(up.get("logspout_route_messages_dropped_total", "route", route)).isZero();
    }

    @Test
    void aFullQueueDropsAndTheDroppedCountIsWhatTheSinkMissed() {
        Routed routed = routedContainer(Map.of("ROUTE_QUEUE_FULL", "drop", "ROUTE_QUEUE_SIZE", "10", "ROUTE_STALL_TIMEOUT", "100ms"));
        TcpSink sink = routed.sink();
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        TestContainer container = routed.container();
        String[] labels = {"container_id", container.shortId()};

        sink.stop();
        write(container, numbered("burst-", 200));
        Scrape dropping = awaitScrape(logspout, s -> s.get("logspout_container_lines_read_total", labels) == 201
                && s.get("logspout_route_messages_dropped_total", "route", route) > 0, "201 lines read, some dropped");
        assertThat(dropping.get("logspout_route_queue_messages", "route", route)).as("the full queue and the batch being sent").isGreaterThanOrEqualTo(10);

        sink.restart();
        Scrape drained = awaitScrape(logspout, s -> s.get("logspout_route_queue_messages", "route", route) == 0
                && s.get(SENT, "route", route) + s.get("logspout_route_messages_dropped_total", "route", route) == 201, "every line sent or dropped");
        write(container, "last");
        sink.awaitLine("last"::equals, WAIT);

        double dropped = drained.get("logspout_route_messages_dropped_total", "route", route);
        assertThat(sink.lines()).hasSize(202 - (int) dropped);
        assertThat(Scrape.of(logspout).get(SENT, "route", route)).isEqualTo(sink.lines().size());
        assertThat(drained.get("logspout_route_reconnects_total", "route", route)).isEqualTo(1);
    }

    @Test
    void healthSaysStartingBeforeTheEngineAnswersAndDockerUpFollowsAnOutage() {
        Path engine = Path.of(URI.create(live.docker().dockerHost()).getPath());
        Path socket = temp.resolve("engine.sock");
        try (UnixSocketProxy proxy = new UnixSocketProxy(socket, engine)) {
            ServedLogspout logspout = logspout("", Map.of("DOCKER_HOST", "unix://" + socket));

            HttpResponse<String> first = logspout.get("/health");
            assertThat(first.statusCode()).as("not ready before the engine answered").isEqualTo(503);
            assertThat(first.body()).contains("\"status\": \"Starting\"", "\"docker\": \"starting\"",
                    "starting: the Docker engine at unix://" + socket + " has not answered yet").doesNotContain("unreachable");
            assertThat(logspout.get("/health?check=docker").statusCode()).isEqualTo(503);
            assertThat(Scrape.of(logspout).get("logspout_docker_up")).isZero();

            proxy.up();
            awaitScrape(logspout, s -> s.get("logspout_docker_up") == 1, "logspout_docker_up 1 once the engine is there");
            Await.until(WAIT, () -> logspout.get("/health").statusCode() == 200, () -> "/health 200: " + logspout.get("/health").body());
            assertThat(logspout.get("/health").body()).contains("\"status\": \"Healthy!\"", "\"docker\": \"reachable\"");
            TestContainer container = run("echo before-the-outage; sleep 600");
            String[] labels = {"container_id", container.shortId()};
            awaitScrape(logspout, s -> s.value("logspout_container_lines_read_total", labels).orElse(0.0) == 1, "the container's first line read");

            proxy.down();
            awaitScrape(logspout, s -> s.get("logspout_docker_up") == 0, "logspout_docker_up 0 while the engine is cut off");
            HttpResponse<String> down = logspout.get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\": \"Unhealthy\"", "Docker engine unreachable at unix://" + socket, "\"docker\": \"unreachable\"");

            proxy.up();
            awaitScrape(logspout, s -> s.get("logspout_docker_up") == 1, "logspout_docker_up 1 again after the outage");
            awaitScrape(logspout, s -> s.get("logspout_container_stream_reopens_total", labels) >= 1, "the container's log stream opened again");
            write(container, "after-the-outage");
            awaitScrape(logspout, s -> s.get("logspout_container_lines_read_total", labels) == 2, "the line written after the outage read, none twice");
        }
    }

    @Test
    void healthNamesARouteThatLagsBeyondTheThreshold() {
        Routed routed = routedContainer(Map.of("HEALTH_MAX_LAG", "1s", "RETRY_COUNT", "1000"));
        TcpSink sink = routed.sink();
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        TestContainer container = routed.container();

        sink.stop();
        write(container, "held");
        Await.until(WAIT, () -> logspout.get("/health").body().contains("route " + route + " lagging"), () -> "/health naming the lagging route: "
                + logspout.get("/health").body());
        HttpResponse<String> lagging = logspout.get("/health");

        assertThat(lagging.statusCode()).isEqualTo(503);
        assertThat(lagging.body()).contains("\"status\": \"Unhealthy\"", "(HEALTH_MAX_LAG is 1 s); lines waiting: 1", "\"docker\": \"reachable\"");
        sink.restart();
        sink.awaitLine("held"::equals, WAIT);
        Await.until(WAIT, () -> logspout.get("/health").statusCode() == 200, () -> "/health 200 once caught up: " + logspout.get("/health").body());
    }

    @Test
    void aRouteThatFellBehindCountsTheContainersItCatchesUpOnUntilItHasReadThem() {
        Routed routed = routedContainer(Map.of("ROUTE_QUEUE_SIZE", "10"));
        TcpSink sink = routed.sink();
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        Scrape behind = fallBehind(routed);
        assertThat(behind.get("logspout_route_catchups_total", "route", route)).isEqualTo(1);

        sink.restart();
        sink.awaitLine("burst-200"::equals, WAIT);
        Scrape caughtUp = awaitScrape(logspout, s -> s.get("logspout_route_behind_containers", "route", route) == 0
                && s.get(SENT, "route", route) == 201, "the route caught up and every line sent");

        assertThat(sink.lines()).as("every line once, none dropped").hasSize(201).doesNotHaveDuplicates();
        assertThat(caughtUp.get("logspout_route_catchups_total", "route", route)).isEqualTo(1);
        assertThat(caughtUp.get("logspout_route_messages_dropped_total", "route", route)).isZero();
        assertThat(caughtUp.get("logspout_route_gaps_total", "route", route)).isZero();
        assertThat(caughtUp.get("logspout_route_messages_rejected_total", "route", route)).isZero();
        assertThat(caughtUp.text()).contains("# HELP logspout_route_behind_containers ", "# TYPE logspout_route_behind_containers gauge",
                "# TYPE logspout_route_gaps_total counter");
    }

    @Test
    void aContainerRemovedBeforeTheRouteCaughtUpOnItIsAGap() {
        Routed routed = routedContainer(Map.of("ROUTE_QUEUE_SIZE", "10"));
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        TestContainer container = routed.container();
        fallBehind(routed);
        container.remove();
        routed.sink().restart();

        Scrape gap = awaitScrape(logspout, s -> s.get("logspout_route_gaps_total", "route", route) == 1
                && s.get("logspout_route_behind_containers", "route", route) == 0, "one gap: the lines Docker lost with the container");
        assertThat(gap.get("logspout_route_catchups_total", "route", route)).isEqualTo(1);
        assertThat(logspout.get("/health").body()).contains("\"gaps\": 1", container.name());
    }

    @Test
    void aReplayIsCountedRunningWhileItWaitsForTheSinkAndItsLinesOnceSent() {
        Instant since = Instant.now();
        Routed routed = routedContainer(Map.of("ROUTE_QUEUE_SIZE", "10"));
        TcpSink sink = routed.sink();
        ServedLogspout logspout = routed.logspout();
        String route = routed.route();
        TestContainer container = routed.container();
        write(container, numbered("line-", 100));
        sink.awaitLine("line-100"::equals, WAIT);
        Instant until = Instant.now();
        Scrape before = awaitScrape(logspout, s -> s.get(SENT, "route", route) == 101, "101 lines sent");
        assertThat(before.get("logspout_route_replays_total", "route", route)).isZero();
        assertThat(before.get("logspout_route_replay_running", "route", route)).isZero();

        sink.stop();
        HttpResponse<String> started = logspout.post("/routes/" + route + "/replay", "{\"since\": \"" + since + "\", \"until\": \"" + until + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        awaitScrape(logspout, s -> s.get("logspout_route_replays_total", "route", route) == 1
                && s.get("logspout_route_replay_running", "route", route) == 1, "the replay running, held by the full queue");

        sink.restart();
        Scrape done = awaitScrape(logspout, s -> s.get("logspout_route_replay_running", "route", route) == 0
                && s.get(SENT, "route", route) == 202, "the replay done and its 101 lines sent");
        assertThat(done.get("logspout_route_replayed_lines_total", "route", route)).isEqualTo(101);
        assertThat(done.get("logspout_route_replays_total", "route", route)).isEqualTo(1);
        assertThat(sink.lines()).filteredOn("line-100"::equals).hasSize(2);
    }

    @Test
    void healthNamesAContainerWhoseLogStreamKeepsFailingAndItsReopensAreCounted() throws Exception {
        TestContainer container = run("echo lost; sleep 600");
        // Docker's json-file log of the running container, removed as a careless cleanup would:
        // Docker answers each /logs request with an error frame ("Error grabbing logs: open ...").
        Path log = Path.of(container.inspect("{{.LogPath}}"));
        Files.delete(log);
        ServedLogspout logspout = logspout("", Map.of());
        String[] labels = {"container_id", container.shortId()};
        String reason = "container " + container.name() + " (" + container.shortId() + ") log stream failing ";

        Await.until(WAIT, () -> logspout.get("/health").body().contains(reason), () -> "/health naming the container: " + logspout.get("/health").body());
        HttpResponse<String> failing = logspout.get("/health");
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).contains("\"status\": \"Unhealthy\"");
        // Docker answers with its error frame naming the missing file, or, now and then, with an
        // empty stream: either way the stream fails at once, and /health says which.
        assertThat(failing.body()).containsPattern(Pattern.quote(reason) + "\\d+ times in a row: (log stream broke: .*Docker reported an error in the log stream: .*"
                + Pattern.quote(log.toString()) + "|its log stream ended at once while the container ran)");
        Scrape scrape = Scrape.of(logspout);
        assertThat(scrape.get("logspout_container_stream_reopens_total", labels)).isGreaterThanOrEqualTo(3);
        assertThat(scrape.get("logspout_container_lines_read_total", labels)).isZero();
        assertThat(logspout.get("/health?check=docker").statusCode()).as("check=docker judges the engine alone").isEqualTo(200);

        Files.createFile(log); // a log Docker can read again: the next stream stays open
        Await.until(WAIT, () -> logspout.get("/health").statusCode() == 200, () -> "/health 200 once the stream stays open: " + logspout.get("/health").body());
    }

    @Test
    void streamClientsAreCounted() throws Exception {
        ServedLogspout logspout = logspout("", Map.of());
        HttpResponse<InputStream> stream = TestClients.send(logspout.request("/logs/name:" + prefix + "-*"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        awaitScrape(logspout, s -> s.get("logspout_stream_clients") == 1, "one /logs client");
        stream.body().close();
        awaitScrape(logspout, s -> s.get("logspout_stream_clients") == 0, "no /logs client once it left");
    }

    @Test
    void aRealPrometheusScrapesLogspoutAndReadsTheSameValues() throws Exception {
        TcpSink sink = live.sink();
        ServedLogspout logspout = logspout(routeUri(sink), Map.of());
        String route = logspout.routeTo(sink.address());
        run("for i in $(seq 1 30); do echo line-$i; done; sleep 600");
        sink.awaitLine("line-30"::equals, WAIT);

        try (PrometheusServer prometheus = PrometheusServer.start(temp, "127.0.0.1:" + logspout.port())) {
            Await.until(WAIT, () -> Double.valueOf(30).equals(prometheus.single(SENT + "{route=\"" + route + "\"}")),
                    () -> SENT + " 30 in Prometheus: " + prometheus.query(SENT) + "; targets: " + prometheus.api("targets") + "\n" + prometheus.log());

            JsonNode target = prometheus.api("targets").path("activeTargets").get(0);
            assertThat(target.path("health").asText()).as(target.toString()).isEqualTo("up");
            assertThat(prometheus.single("up{job=\"logspout\"}")).isEqualTo(1);
            assertThat(prometheus.single("logspout_route_bytes_sent_total{route=\"" + route + "\"}")).isEqualTo(sink.bytesReceived());
            assertThat(prometheus.single("logspout_route_up{route=\"" + route + "\"}")).isEqualTo(1);
            assertThat(prometheus.single("logspout_docker_up")).isEqualTo(1);
            assertThat(prometheus.single("count(jvm_memory_used_bytes)")).isPositive();
            JsonNode metadata = prometheus.api("metadata?metric=logspout_route_messages_sent");
            assertThat(metadata.toString()).as("OpenMetrics metadata as Prometheus read it").contains("counter");
        }
    }
}
