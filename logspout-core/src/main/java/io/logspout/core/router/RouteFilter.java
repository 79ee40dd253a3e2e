package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's filters, compiled once: which containers the route takes ({@link
 * #matchesContainer}, asked when a container is attached) and which of their lines ({@link
 * #matchesSource}, asked per line).
 *
 * <p>Semantics are logspout's ({@code Route.MatchContainer} and {@code Route.MatchMessage}):
 * <ul>
 *   <li>{@code filter.id}: a prefix of the container's 12-character short id, case sensitive.
 *       Unlike logspout, the full 64-character id also matches.</li>
 *   <li>{@code filter.name}: a {@link Glob} on the name without its leading {@code /}.</li>
 *   <li>{@code filter.labels}: {@code key:glob} entries, split at the first {@code :}, that
 *       must all match; a missing label counts as the empty string (so {@code foo:*} also takes
 *       containers without {@code foo}); an entry without {@code :} is ignored.</li>
 *   <li>{@code filter.sources}: the line's source must be one of them, exactly.</li>
 * </ul>
 * A malformed glob matches no container.
 */
public final class RouteFilter {
    private static final int FULL_ID_LENGTH = 64;

    private final String id;
    private final Glob name;
    private final String[] labelKeys;
    private final Glob[] labelValues;
    private final String[] sources;
    /** A second filter that must pass too (see {@link #and}), or null. */
    private final RouteFilter also;

    private RouteFilter(String id, Glob name, String[] labelKeys, Glob[] labelValues, String[] sources, RouteFilter also) {
        this.id = id;
        this.name = name;
        this.labelKeys = labelKeys;
        this.labelValues = labelValues;
        this.sources = sources;
        this.also = also;
    }

    public static RouteFilter of(Route route) {
        List<String> keys = new ArrayList<>();
        List<Glob> values = new ArrayList<>();
        for (String entry : route.filterLabels()) {
            int colon = entry.indexOf(':');
            // Without ':' logspout ignores the entry; with an empty pattern it always passes.
            if (colon >= 0 && colon < entry.length() - 1) {
                keys.add(entry.substring(0, colon));
                values.add(Glob.compile(entry.substring(colon + 1)));
            }
        }
        return new RouteFilter(
                route.filterId(),
                route.filterName().isEmpty() ? null : Glob.compile(route.filterName()),
                keys.toArray(new String[0]),
                values.toArray(new Glob[0]),
                route.filterSources().toArray(new String[0]),
                null);
    }

    /** A filter that takes what both this one and {@code other} take: a route's filters narrowed. */
    public RouteFilter and(RouteFilter other) {
        RouteFilter narrowed = also == null ? other : also.and(other);
        return new RouteFilter(id, name, labelKeys, labelValues, sources, narrowed);
    }

    /** Whether the route takes this container's lines at all. */
    public boolean matchesContainer(ContainerInfo container) {
        if (also != null && !also.matchesContainer(container)) {
            return false;
        }
        if (!id.isEmpty() && !matchesId(container.id())) {
            return false;
        }
        if (name != null && !name.matches(container.bareName())) {
            return false;
        }
        for (int i = 0; i < labelKeys.length; i++) {
            String value = container.labels().getOrDefault(labelKeys[i], "");
            if (!labelValues[i].matches(value)) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesId(String containerId) {
        if (id.length() <= ContainerInfo.SHORT_ID_LENGTH) {
            return containerId.startsWith(id);
        }
        return id.length() == FULL_ID_LENGTH && id.equals(containerId);
    }

    /** Whether a line from {@code source} ({@code stdout}, {@code stderr}) passes. Allocates nothing. */
    public boolean matchesSource(String source) {
        if (also != null && !also.matchesSource(source)) {
            return false;
        }
        if (sources.length == 0) {
            return true;
        }
        for (String allowed : sources) {
            if (allowed.equals(source)) {
                return true;
            }
        }
        return false;
    }
}
