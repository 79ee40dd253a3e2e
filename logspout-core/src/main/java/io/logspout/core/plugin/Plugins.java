package io.logspout.core.plugin;

import io.logspout.api.AdapterFactory;
import io.logspout.api.Job;
import io.logspout.api.RouteStoreFactory;
import io.logspout.api.TransportFactory;
import io.logspout.core.http.HttpModule;
import io.logspout.core.plugin.PluginJars.PluginJar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every extension found through {@link ServiceLoader}: the builtins on logspout's class path
 * first, then those of each drop-in {@link PluginJars plugin jar}. Names are unique; the first
 * registration of a name wins (a builtin over a plugin) and a duplicate is logged. A provider that
 * fails to load is reported with its jar and skipped, never fatal.
 */
public final class Plugins {
    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final Map<String, AdapterFactory> adapters;
    private final Map<String, TransportFactory> transports;
    private final List<Job> jobs;
    private final List<RouteStoreFactory> routeStores;
    private final Map<String, HttpModule> httpModules;
    private final List<String> jarNames;

    private Plugins(ClassLoader loader, List<PluginJar> jars) {
        adapters = byName(loadAll(AdapterFactory.class, loader, jars), AdapterFactory::name, "adapter");
        transports = byName(loadAll(TransportFactory.class, loader, jars), TransportFactory::name, "transport");
        jobs = List.copyOf(byName(loadAll(Job.class, loader, jars), Job::name, "job").values());
        routeStores = List.copyOf(byName(loadAll(RouteStoreFactory.class, loader, jars), RouteStoreFactory::name, "route store").values());
        httpModules = byName(loadAll(HttpModule.class, loader, jars), HttpModule::name, "HTTP module");
        jarNames = jars.stream().map(PluginJar::name).toList();
    }

    /** Loads every extension visible to {@code loader}, then those of each plugin jar. */
    public static Plugins load(ClassLoader loader, List<PluginJar> jars) {
        return new Plugins(loader, jars);
    }

    /** The file names of the plugin jars that were opened. */
    public List<String> jarNames() {
        return jarNames;
    }

    public Map<String, AdapterFactory> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    public Map<String, TransportFactory> transports() {
        return Collections.unmodifiableMap(transports);
    }

    public List<Job> jobs() {
        return jobs;
    }

    public List<RouteStoreFactory> routeStores() {
        return routeStores;
    }

    /** The HTTP modules by name, in the order found. */
    public Map<String, HttpModule> httpModules() {
        return Collections.unmodifiableMap(httpModules);
    }

    private static <T> List<T> loadAll(Class<T> type, ClassLoader loader, List<PluginJar> jars) {
        Set<String> builtinErrors = new HashSet<>();
        List<T> found = new ArrayList<>(instances(type, providers(type, loader, false, builtinErrors, "builtin"), "builtin"));
        for (PluginJar jar : jars) {
            String where = "plugin " + jar.name();
            found.addAll(instances(type, providers(type, jar.loader(), true, builtinErrors, where), where));
        }
        return found;
    }

    private static <T> List<T> instances(Class<T> type, List<ServiceLoader.Provider<T>> providers, String where) {
        List<T> found = new ArrayList<>();
        for (ServiceLoader.Provider<T> provider : providers) {
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                log.error("{}: {} {} failed to load and is skipped: {}", where, type.getSimpleName(), provider.type().getName(), e.toString());
            }
        }
        return found;
    }

    /**
     * The providers {@code loader} finds; with {@code ownOnly}, only those whose class it defined
     * itself (a plugin jar's loader also sees the builtins of its parent, which were loaded
     * already, and their errors, which were reported already).
     */
    private static <T> List<ServiceLoader.Provider<T>> providers(
            Class<T> type, ClassLoader loader, boolean ownOnly, Set<String> builtinErrors, String where) {
        List<ServiceLoader.Provider<T>> providers = new ArrayList<>();
        var iterator = ServiceLoader.load(type, loader).stream().iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return providers;
                }
                ServiceLoader.Provider<T> provider = iterator.next();
                if (!ownOnly || provider.type().getClassLoader() == loader) {
                    providers.add(provider);
                }
            } catch (ServiceConfigurationError e) {
                boolean first = ownOnly ? !builtinErrors.contains(e.getMessage()) : builtinErrors.add(e.getMessage());
                if (first) {
                    log.error("{}: broken {} skipped: {}", where, type.getSimpleName(), e.getMessage());
                }
            }
        }
    }

    private static <T> Map<String, T> byName(List<T> found, Function<T, String> name, String kind) {
        Map<String, T> result = new LinkedHashMap<>();
        for (T item : found) {
            String key = name.apply(item);
            T first = result.putIfAbsent(key, item);
            if (first != null) {
                log.warn("{} '{}' is registered twice: keeping {}, ignoring {}", kind, key, first.getClass().getName(), item.getClass().getName());
            }
        }
        return result;
    }
}
