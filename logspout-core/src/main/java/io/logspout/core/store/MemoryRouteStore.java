package io.logspout.core.store;

import io.logspout.api.Route;
import io.logspout.api.RouteStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Routes kept in memory, for embedding: hand one store to several {@link io.logspout.core.Logspout}
 * instances in turn (through {@code Logspout.Builder.routeStore}) and the routes created over
 * HTTP in one come back in the next, as with files but without a disk.
 */
public final class MemoryRouteStore implements RouteStore {
    private final Map<String, Route> routes = new ConcurrentSkipListMap<>();

    /** The stored routes in the order of their ids. */
    @Override
    public List<Route> load() {
        return List.copyOf(routes.values());
    }

    @Override
    public void save(Route route) {
        routes.put(RouteIds.check(route.id()), route);
    }

    @Override
    public void remove(String id) {
        routes.remove(id);
    }
}
