package io.logspout.core.route;

import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.api.RouteStore;
import io.logspout.core.router.LogHistory;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.router.Router;
import io.logspout.core.router.RouterSettings;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of a running logspout: adds, replaces and removes them, each as one step, and keeps
 * the persistent ones in the {@link RouteStore} when there is one. Routes from URIs on the
 * command line are never stored.
 */
public final class RouteManager {
    private static final Logger log = LoggerFactory.getLogger(RouteManager.class);
    private static final long STOP_GRACE_MILLIS = 5_000;

    private final RouteCompiler compiler;
    private final Router router;
    private final RouterSettings settings;
    private final InstantSource clock;
    private final RouteStore store;
    private final LogHistory history;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RouteChannel> channels = new LinkedHashMap<>();

    /**
     * @param store where API routes persist, or null to keep them in memory only
     * @param history Docker's logs, for routes that fall behind
     */
    public RouteManager(RouteCompiler compiler, Router router, RouterSettings settings, InstantSource clock, RouteStore store, LogHistory history) {
        this.compiler = compiler;
        this.router = router;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.history = history;
    }

    /**
     * Validates and starts {@code route}, replacing a route with the same id. A route without an
     * id gets a new one.
     *
     * @param persist whether to keep the route in the store (routes created over the API)
     * @return the route as it runs: with its id and normalised adapter name
     * @throws ConfigException when the route cannot work, naming the problem
     */
    public Route add(Route route, boolean persist) {
        Route withId = route.id().isEmpty() ? route.withId(newId()) : route;
        RouteCompiler.CompiledRoute compiled = compiler.compile(withId);
        RouteChannel channel = new RouteChannel(compiled.route(), compiled.filter(), compiled.adapter(), compiled.transport(), settings, clock, history);
        RouteChannel old;
        synchronized (this) {
            old = channels.put(compiled.route().id(), channel);
            channel.start();
            if (old == null) {
                router.subscribe(channel);
            } else {
                router.replace(old, channel);
            }
        }
        if (old != null) {
            old.stop(STOP_GRACE_MILLIS);
        }
        if (persist && store != null) {
            try {
                store.save(compiled.route());
            } catch (IOException e) {
                log.error("route {}: runs, but could not be stored and will not survive a restart: {}", compiled.route().id(), e.toString());
            }
        }
        return compiled.route();
    }

    /** Stops and forgets the route; false when there is none with this id. */
    public boolean remove(String id) {
        RouteChannel channel;
        synchronized (this) {
            channel = channels.remove(id);
            if (channel != null) {
                router.unsubscribe(channel);
            }
        }
        if (channel == null) {
            return false;
        }
        channel.stop(STOP_GRACE_MILLIS);
        if (store != null) {
            try {
                store.remove(id);
            } catch (IOException e) {
                log.error("route {}: removed, but its stored copy could not be deleted: {}", id, e.toString());
            }
        }
        return true;
    }

    public synchronized Optional<Route> get(String id) {
        return Optional.ofNullable(channels.get(id)).map(RouteChannel::route);
    }

    public synchronized List<Route> all() {
        return channels.values().stream().map(RouteChannel::route).toList();
    }

    /** The running routes with their state, for health checks. */
    public synchronized List<RouteChannel> channels() {
        return new ArrayList<>(channels.values());
    }

    /** Loads the stored routes; one that no longer works is reported and skipped, never fatal. */
    public int loadStored() {
        if (store == null) {
            return 0;
        }
        List<Route> stored;
        try {
            stored = store.load();
        } catch (IOException e) {
            log.error("stored routes could not be read: {}", e.toString());
            return 0;
        }
        int loaded = 0;
        for (Route route : stored) {
            try {
                add(route, false);
                loaded++;
            } catch (ConfigException e) {
                log.error("stored route {} is skipped: {}", route.id(), e.getMessage());
            }
        }
        return loaded;
    }

    /** Stops every route, sending what they hold within a short grace period; returns them, stopped. */
    public List<RouteChannel> stopAll() {
        List<RouteChannel> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(channels.values());
            channels.clear();
            stopping.forEach(router::unsubscribe);
        }
        stopping.forEach(channel -> channel.stop(STOP_GRACE_MILLIS));
        return stopping;
    }

    private String newId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
