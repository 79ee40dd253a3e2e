package io.logspout.core.plugin;

import io.logspout.api.AdapterFactory;
import io.logspout.api.Job;
import io.logspout.api.RouteStoreFactory;
import io.logspout.api.TransportFactory;
import io.logspout.core.http.HttpModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every extension found through {@link ServiceLoader}: builtins and plugins alike. Names are
 * unique; the first registration of a name wins and a duplicate is logged. A provider that fails
 * to load is reported by name and skipped, never fatal.
 */
public final class Plugins {
    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final Map<String, AdapterFactory> adapters;
    private final Map<String, TransportFactory> transports;
    private final List<Job> jobs;
    private final List<RouteStoreFactory> routeStores;
    private final Map<String, HttpModule> httpModules;

    private Plugins(ClassLoader loader) {
        adapters = byName(loadAll(AdapterFactory.class, loader), AdapterFactory::name, "adapter");
        transports = byName(loadAll(TransportFactory.class, loader), TransportFactory::name, "transport");
        jobs = List.copyOf(byName(loadAll(Job.class, loader), Job::name, "job").values());
        routeStores = List.copyOf(byName(loadAll(RouteStoreFactory.class, loader), RouteStoreFactory::name, "route store").values());
        httpModules = byName(loadAll(HttpModule.class, loader), HttpModule::name, "HTTP module");
    }

    /** Loads every extension visible to {@code loader}. */
    public static Plugins load(ClassLoader loader) {
        return new Plugins(loader);
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

    private static <T> List<T> loadAll(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        for (ServiceLoader.Provider<T> provider : providers(type, loader)) {
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                log.error("plugin {} ({}) failed to load and is skipped: {}", provider.type().getName(), type.getSimpleName(), e.toString());
            }
        }
        return found;
    }

    private static <T> List<ServiceLoader.Provider<T>> providers(Class<T> type, ClassLoader loader) {
        List<ServiceLoader.Provider<T>> providers = new ArrayList<>();
        var iterator = ServiceLoader.load(type, loader).stream().iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return providers;
                }
                providers.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                log.error("a {} plugin is broken and is skipped: {}", type.getSimpleName(), e.getMessage());
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
