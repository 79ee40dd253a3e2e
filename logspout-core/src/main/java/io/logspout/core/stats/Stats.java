package io.logspout.core.stats;

import io.logspout.api.JobContext;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpModule;
import io.logspout.core.pump.ContainerStats;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.pump.DockerStats;
import io.logspout.core.route.RouteManager;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.router.RouteStats;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Read-only views of what logspout's parts count and where they stand, for {@code /health},
 * {@code /metrics} and any module that reports on logspout: every route, every container read,
 * the Docker engine, the live streams. Each call reads the parts' own counters at that moment;
 * nothing is counted here, and nothing here depends on how it is exported.
 */
public final class Stats {
    private final RouteManager routes;
    private final Optional<DockerPump> pump;
    private final Collection<HttpModule> httpModules;

    private Stats(RouteManager routes, Optional<DockerPump> pump, Collection<HttpModule> httpModules) {
        this.routes = routes;
        this.pump = pump;
        this.httpModules = httpModules;
    }

    /** The views of the logspout instance whose jobs and modules get {@code context}. */
    public static Stats of(JobContext context) {
        RouteManager routes = context.service(RouteManager.class)
                .orElseThrow(() -> new IllegalStateException("logspout's stats need the RouteManager service"));
        Collection<HttpModule> modules = context.service(Logspout.class)
                .map(logspout -> logspout.plugins().httpModules().values())
                .orElse(List.of());
        return new Stats(routes, context.service(DockerPump.class), modules);
    }

    /** Every route now, in the order they were added. */
    public List<RouteStats> routes() {
        return routes.channels().stream().map(RouteChannel::stats).toList();
    }

    /** The Docker engine and its events; empty when this logspout has no Docker pump. */
    public Optional<DockerStats> docker() {
        return pump.map(DockerPump::dockerStats);
    }

    /** Every container read since logspout started and not destroyed since. */
    public List<ContainerStats> containers() {
        return pump.map(DockerPump::containerStats).orElse(List.of());
    }

    /** The live streams of every module that serves them; empty when no such module is present. */
    public Optional<LiveStreamStats> liveStreams() {
        List<LiveStreamStats> streams = httpModules.stream()
                .filter(LiveStreamStats.class::isInstance)
                .map(LiveStreamStats.class::cast)
                .toList();
        if (streams.isEmpty()) {
            return Optional.empty();
        }
        int open = streams.stream().mapToInt(LiveStreamStats::openStreams).sum();
        long dropped = streams.stream().mapToLong(LiveStreamStats::slowClientsDisconnected).sum();
        return Optional.of(new LiveStreamStats() {
            @Override
            public int openStreams() {
                return open;
            }

            @Override
            public long slowClientsDisconnected() {
                return dropped;
            }
        });
    }
}
