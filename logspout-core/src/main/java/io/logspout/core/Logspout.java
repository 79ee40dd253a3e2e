package io.logspout.core;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Job;
import io.logspout.api.JobContext;
import io.logspout.api.Route;
import io.logspout.api.RouteStore;
import io.logspout.api.RouteStoreFactory;
import io.logspout.api.Templates;
import io.logspout.api.Transport;
import io.logspout.api.TransportFactory;
import io.logspout.core.checkpoint.CheckpointFile;
import io.logspout.core.checkpoint.Checkpoints;
import io.logspout.core.http.HttpServer;
import io.logspout.core.plugin.PluginJars;
import io.logspout.core.plugin.Plugins;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.route.RouteCompiler;
import io.logspout.core.route.RouteManager;
import io.logspout.core.route.RouteUris;
import io.logspout.core.router.LogSink;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.router.Router;
import io.logspout.core.router.RouterSettings;
import io.logspout.template.GoTemplates;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logspout instance: build it, {@link #start()} it, {@link #close()} it. Nothing is static, so
 * several instances can run in one JVM.
 *
 * <pre>{@code
 * try (Logspout logspout = Logspout.builder()
 *         .config(Config.of(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock")))
 *         .routes("raw+tcp://127.0.0.1:5000")
 *         .build()
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class Logspout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Logspout.class);
    /** {@link #routeStoreName()} of a store given to the builder. */
    public static final String EMBEDDED_STORE = "embedded";

    private final Config config;
    private final Plugins plugins;
    private final InstantSource clock;
    private final Map<String, Transport> transports = new LinkedHashMap<>();
    private final Router router;
    private final RouteManager routes;
    private final DockerPump pump;
    private final HttpServer http;
    /** The pump, the HTTP server, then the plugins' jobs: set up and run in this order, stopped in it too. */
    private final List<Job> jobs;
    private final List<Route> initialRoutes;
    private final String storeName;
    private final List<Thread> jobThreads = new ArrayList<>();
    private final BiConsumer<Job, Throwable> onJobEnd;
    private final JobContext context;
    /** Saves the routes' cursors and says where they resume; null without {@code CHECKPOINT_PATH}. */
    private final Checkpoints checkpoints;
    private volatile boolean closed;

    private Logspout(Builder builder) {
        config = builder.config;
        clock = builder.clock;
        onJobEnd = builder.onJobEnd;
        plugins = Plugins.load(builder.classLoader, PluginJars.open(config, builder.classLoader));
        for (Map.Entry<String, TransportFactory> entry : plugins.transports().entrySet()) {
            try {
                transports.put(entry.getKey(), entry.getValue().create(config));
            } catch (ConfigException e) {
                throw new ConfigException("transport " + entry.getKey() + ": " + e.getMessage(), e);
            }
        }
        Templates templates = new GoTemplates();
        RouteCompiler compiler = new RouteCompiler(plugins.adapters(), transports, templates, config, clock);
        RouteStore store = builder.routeStore;
        String openedStore = store == null ? "" : EMBEDDED_STORE;
        if (store == null) {
            for (RouteStoreFactory factory : plugins.routeStores()) {
                Optional<RouteStore> opened = factory.open(config);
                if (opened.isPresent()) {
                    store = opened.get();
                    openedStore = factory.name();
                    break;
                }
            }
        }
        storeName = openedStore;
        // The core's pipeline, in order: lines flow from the pump through the router to the routes,
        // which read Docker's logs again through the pump when they fall behind; the HTTP server
        // serves the modules that look at all of them.
        router = new Router();
        pump = new DockerPump(config, router);
        routes = new RouteManager(compiler, router, RouterSettings.from(config), clock, store, pump.history());
        checkpoints = CheckpointFile.open(config).map(file -> new Checkpoints(file, routes, clock)).orElse(null);
        if (checkpoints != null) {
            pump.beforeFirstRead(checkpoints::resume);
        }
        http = new HttpServer(plugins.httpModules());
        List<Job> all = new ArrayList<>(List.of(pump, http));
        all.addAll(plugins.jobs());
        jobs = List.copyOf(all);
        context = new Context(config, List.of(router, routes, this, pump, http), plugins.jobs());
        List<Route> parsed = new ArrayList<>(RouteUris.parse(builder.routeUris, config));
        parsed.addAll(builder.routes);
        initialRoutes = parsed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the routes, then every job (the Docker pump, the HTTP server, ...).
     *
     * @throws ConfigException when a route or a job's settings cannot work; nothing keeps running then
     */
    public Logspout start() {
        try {
            for (Route route : initialRoutes) {
                routes.add(route, false);
            }
            routes.loadStored();
            for (Job job : jobs) {
                job.setup(context);
            }
        } catch (ConfigException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new ConfigException("setup failed: " + e, e);
        }
        if (checkpoints != null) {
            checkpoints.start();
        }
        for (Job job : jobs) {
            jobThreads.add(Thread.ofPlatform().name("job-" + job.name()).daemon(true).start(() -> runJob(job)));
        }
        return this;
    }

    private void runJob(Job job) {
        Throwable failure = null;
        try {
            job.run();
        } catch (Exception | Error e) {
            failure = e;
        }
        if (!closed) {
            log.error("{} ended: {}", job.name(), failure == null ? "returned" : failure.toString());
            onJobEnd.accept(job, failure);
        }
    }

    /** Stops the jobs, then the routes, which send what they hold within a short grace period. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Job job : jobs) {
            try {
                job.stop();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", job.name(), e.toString());
            }
        }
        for (Thread thread : jobThreads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (checkpoints != null) {
            checkpoints.close();
        }
        List<RouteChannel> stopped = routes.stopAll();
        if (checkpoints != null) {
            checkpoints.save(stopped); // after the routes sent what they held: a clean stop repeats nothing
        }
    }

    public RouteManager routes() {
        return routes;
    }

    public Router router() {
        return router;
    }

    /** The Docker pump: reads the containers' logs into the router. */
    public DockerPump pump() {
        return pump;
    }

    /** The HTTP server of the modules; it listens only when some module was found. */
    public HttpServer http() {
        return http;
    }

    /** Every job: the pump, the HTTP server, then the plugins' own. */
    public List<Job> jobs() {
        return jobs;
    }

    public Plugins plugins() {
        return plugins;
    }

    public Config config() {
        return config;
    }

    /**
     * A service of this instance by type, as jobs and HTTP modules get them: the {@link Router},
     * the {@link RouteManager}, this instance, the {@link DockerPump}, the {@link HttpServer}, and
     * each plugin job by its class.
     */
    public <T> Optional<T> service(Class<T> type) {
        return context.service(type);
    }

    /**
     * The name of the route store in use ({@code file}; {@value #EMBEDDED_STORE} for one given to
     * the builder), or empty when routes live in memory only.
     */
    public String routeStoreName() {
        return storeName;
    }

    /**
     * What jobs and HTTP modules get: the settings, and the core's services by type, first the
     * {@link Router} (also as {@link LogSink}), the {@link RouteManager}, the {@link Logspout}, the
     * {@link DockerPump} and the {@link HttpServer}, then each plugin job by its class.
     */
    private record Context(Config config, List<Object> core, List<Job> pluginJobs) implements JobContext {
        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Stream.concat(core.stream(), pluginJobs.stream()).filter(type::isInstance).findFirst().map(type::cast);
        }
    }

    /** Builds a {@link Logspout}. */
    public static final class Builder {
        private Config config = Config.environment();
        private String routeUris = "";
        private final List<Route> routes = new ArrayList<>();
        private ClassLoader classLoader = Logspout.class.getClassLoader();
        private RouteStore routeStore;
        private InstantSource clock = InstantSource.system();
        private BiConsumer<Job, Throwable> onJobEnd = (job, failure) -> { };

        private Builder() {
        }

        /** The settings (default: the process environment). */
        public Builder config(Config value) {
            config = value;
            return this;
        }

        /** Comma-separated route URIs, as logspout's first argument or {@code ROUTE_URIS}. */
        public Builder routes(String uris) {
            routeUris = uris == null ? "" : uris;
            return this;
        }

        public Builder route(Route route) {
            routes.add(route);
            return this;
        }

        /**
         * Where routes created over HTTP are kept, instead of the first store a
         * {@link RouteStoreFactory} opens ({@code ROUTESPATH}); e.g. a
         * {@link io.logspout.core.store.MemoryRouteStore} shared by successive instances.
         */
        public Builder routeStore(RouteStore value) {
            routeStore = value;
            return this;
        }

        /**
         * Where adapters, transports and jobs are looked up (default: logspout's own class loader),
         * besides the plugin jars in {@code LOGSPOUT_PLUGINS}.
         */
        public Builder classLoader(ClassLoader value) {
            classLoader = value;
            return this;
        }

        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /** Called when a job ends on its own, which it should not; the command line exits then. */
        public Builder onJobEnd(BiConsumer<Job, Throwable> value) {
            onJobEnd = value;
            return this;
        }

        /** @throws ConfigException when a route URI or a transport's settings are bad */
        public Logspout build() {
            return new Logspout(this);
        }
    }
}
