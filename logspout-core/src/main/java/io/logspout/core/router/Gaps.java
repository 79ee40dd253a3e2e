package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stretches of containers' logs a route came back for and Docker no longer had (rotated away
 * by {@code max-size}/{@code max-file}, or the container removed): counted, logged once each, and
 * the latest kept for {@code /health}. Nothing is lost silently.
 */
public final class Gaps {
    private static final Logger log = LoggerFactory.getLogger(Gaps.class);
    private static final int KEPT = 10;

    /**
     * One gap.
     *
     * @param fromNanos the Docker time of the last line the route has before the gap
     * @param toNanos the Docker time of the first line after it; 0 when the container was removed
     */
    public record Gap(String containerId, String containerName, long fromNanos, long toNanos) {
    }

    private final Deque<Gap> latest = new ArrayDeque<>();
    private long count;

    /** Lines between {@code fromNanos} and {@code toNanos} were rotated away before the route read them. */
    void rotated(String routeId, ContainerInfo container, long fromNanos, long toNanos) {
        add(new Gap(container.id(), container.bareName(), fromNanos, toNanos));
        log.warn("route {}: gap in {} ({}): its lines after {} and before {} are no longer in Docker's log (rotated by max-size/max-file) and cannot be sent",
                routeId, container.bareName(), container.shortId(), time(fromNanos), time(toNanos));
    }

    /** The container was removed before the route read its lines after {@code fromNanos}. */
    void containerGone(String routeId, ContainerInfo container, long fromNanos) {
        add(new Gap(container.id(), container.bareName(), fromNanos, 0));
        log.warn("route {}: gap in {} ({}): removed before its lines after {} were sent; they cannot be sent",
                routeId, container.bareName(), container.shortId(), time(fromNanos));
    }

    /** Docker's time in RFC 3339, UTC. */
    public static String time(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

    private synchronized void add(Gap gap) {
        count++;
        if (latest.size() == KEPT) {
            latest.removeFirst();
        }
        latest.addLast(gap);
    }

    /** How many gaps were found so far. */
    public synchronized long count() {
        return count;
    }

    /** The latest gaps, oldest first. */
    public synchronized List<Gap> latest() {
        return List.copyOf(latest);
    }
}
