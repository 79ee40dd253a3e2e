package io.logspout.metrics;

import io.logspout.api.ContainerInfo;
import io.logspout.core.pump.ContainerStats;
import io.logspout.core.pump.DockerStats;
import io.logspout.core.router.RouteStats;
import io.logspout.core.stats.LiveStreamStats;
import io.logspout.core.stats.Stats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * logspout's own series, made at each scrape from the core's {@link Stats}: nothing is counted
 * here, so counting costs the hot path nothing beyond the core's per-batch counters, and the
 * series of a route deleted or a container destroyed are simply not made any more.
 *
 * <p>Counter names are given without {@code _total}; the exposition formats add it.
 */
final class LogspoutCollector implements MultiCollector {
    private final Stats stats;

    LogspoutCollector(Stats stats) {
        this.stats = stats;
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        List<RouteStats> routes = stats.routes();
        Function<RouteStats, Labels> route = r -> Labels.of("route", r.route().id());
        out.metricSnapshot(counter("logspout_route_messages_sent", "Messages the route's destination accepted (written and flushed; for UDP, sent).",
                routes, route, RouteStats::sentMessages));
        out.metricSnapshot(counter("logspout_route_bytes_sent", "Bytes of those messages, as the route's adapter encoded them.",
                routes, route, RouteStats::sentBytes));
        out.metricSnapshot(counter("logspout_route_messages_dropped", "Lines dropped because the route's queue was full (ROUTE_QUEUE_FULL=drop).",
                routes, route, RouteStats::dropped));
        out.metricSnapshot(counter("logspout_route_reconnects", "Connections the route made after its first, each after the previous one failed or was closed.",
                routes, route, RouteStats::reconnects));
        out.metricSnapshot(gauge("logspout_route_queue_messages", "Lines waiting in the route's queue.",
                routes, route, RouteStats::queuedMessages));
        out.metricSnapshot(gauge("logspout_route_queue_bytes", "UTF-8 bytes of the text of the lines waiting in the route's queue.",
                routes, route, RouteStats::queuedBytes));
        out.metricSnapshot(gauge("logspout_route_up", "1 while the route delivers (its last send worked, or it had nothing to send yet), 0 while it cannot.",
                routes, route, r -> r.up() ? 1 : 0));
        out.metricSnapshot(gauge("logspout_route_lag_seconds", "Age, by Docker's timestamp, of the oldest line the route's destination has not accepted yet; 0 when caught up.",
                routes, route, r -> r.lag().toNanos() / 1e9));

        out.metricSnapshot(counter("logspout_route_messages_rejected", "Messages in batches the route's destination refused for good (an HTTP 4xx), dropped so they cannot stall the route.",
                routes, route, RouteStats::rejected));
        out.metricSnapshot(gauge("logspout_route_behind_containers", "Containers the route is behind on now, catching up from Docker's log (ROUTE_QUEUE_FULL=catchup).",
                routes, route, RouteStats::behind));
        out.metricSnapshot(counter("logspout_route_catchups", "Times the route fell behind on a container and began to read it again from Docker's log.",
                routes, route, RouteStats::catchUps));
        out.metricSnapshot(counter("logspout_route_gaps", "Gaps: stretches of one container's log that Docker no longer had (rotated away, or the container removed) when the route came back for them; their lines were not sent.",
                routes, route, r -> r.gaps().count()));
        out.metricSnapshot(counter("logspout_route_replays", "Replays of a window of Docker's logs started for the route (POST /routes/{id}/replay).",
                routes, route, RouteStats::replays));
        out.metricSnapshot(gauge("logspout_route_replay_running", "1 while a replay of the route reads Docker's logs, 0 otherwise.",
                routes, route, r -> r.replaying() ? 1 : 0));
        out.metricSnapshot(counter("logspout_route_replayed_lines", "Lines the route's replays put in its queue (sent again besides its live lines).",
                routes, route, RouteStats::replayedLines));
        List<ContainerStats> containers = stats.containers();
        Function<ContainerStats, Labels> container = c -> containerLabels(c.container());
        out.metricSnapshot(counter("logspout_container_lines_read", "Lines read from the container's log stream.",
                containers, container, ContainerStats::linesRead));
        out.metricSnapshot(counter("logspout_container_bytes_read", "Bytes read from the container's log stream, Docker's framing and timestamps included.",
                containers, container, ContainerStats::bytesRead));
        out.metricSnapshot(counter("logspout_container_stream_reopens", "Times the container's log stream was opened again after it ended or broke while the container ran, or failed to open.",
                containers, container, ContainerStats::streamReopens));

        Optional<DockerStats> docker = stats.docker();
        docker.ifPresent(engine -> {
            out.metricSnapshot(gauge("logspout_containers_attached", "Containers whose lines logspout routes now.",
                    List.of(engine), e -> Labels.EMPTY, DockerStats::containersAttached));
            out.metricSnapshot(gauge("logspout_docker_up", "1 while logspout follows the Docker engine's events, 0 while it cannot reach the engine (or has not yet).",
                    List.of(engine), e -> Labels.EMPTY, e -> e.state() == DockerStats.State.UP ? 1 : 0));
            out.metricSnapshot(counter("logspout_docker_events", "Container events seen from the Docker engine, by type (start, restart, rename, die, destroy).",
                    List.copyOf(engine.events().entrySet()), e -> Labels.of("type", e.getKey()), Map.Entry::getValue));
        });

        stats.liveStreams().ifPresent(streams -> {
            out.metricSnapshot(gauge("logspout_stream_clients", "Clients streaming /logs now.",
                    List.of(streams), s -> Labels.EMPTY, LiveStreamStats::openStreams));
            out.metricSnapshot(counter("logspout_stream_clients_dropped", "/logs clients disconnected because they fell too far behind (HTTPSTREAM_QUEUE_SIZE).",
                    List.of(streams), s -> Labels.EMPTY, LiveStreamStats::slowClientsDisconnected));
        });
        return out.build();
    }

    private static Labels containerLabels(ContainerInfo container) {
        return Labels.of("container_id", container.shortId(), "container_name", container.bareName());
    }

    private static <T> CounterSnapshot counter(String name, String help, List<T> items, Function<T, Labels> labels, ToDoubleFunction<T> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (T item : items) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels.apply(item)).value(value.applyAsDouble(item)).build());
        }
        return counter.build();
    }

    private static <T> GaugeSnapshot gauge(String name, String help, List<T> items, Function<T, Labels> labels, ToDoubleFunction<T> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (T item : items) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.apply(item)).value(value.applyAsDouble(item)).build());
        }
        return gauge.build();
    }
}
