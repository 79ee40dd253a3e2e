package io.logspout.core.store;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.RouteStore;
import io.logspout.api.RouteStoreFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} route store: {@link FileRouteStore} in {@code ROUTESPATH} (default
 * {@code /mnt/routes}), used only when that directory exists, as in logspout: creating the
 * directory, or mounting a volume there, is how an operator asks for routes to persist.
 */
public final class FileRouteStoreFactory implements RouteStoreFactory {
    private static final Logger log = LoggerFactory.getLogger(FileRouteStoreFactory.class);
    public static final String SETTING = "ROUTESPATH";
    public static final String DEFAULT_PATH = "/mnt/routes";

    @Override
    public String name() {
        return "file";
    }

    /**
     * @throws ConfigException when {@code ROUTESPATH} names something that is not a directory
     */
    @Override
    public Optional<RouteStore> open(Config config) {
        String value = config.get(SETTING, DEFAULT_PATH);
        Path directory;
        try {
            directory = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(SETTING + "=" + value + " is not a path: " + e.getReason() + "; set it to a directory for the routes created over HTTP");
        }
        if (!Files.exists(directory)) {
            log.debug("{} {} does not exist: routes created over HTTP live in memory only", SETTING, directory);
            return Optional.empty();
        }
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(SETTING + "=" + value + " is not a directory; set it to a directory for the routes created over HTTP, or to a path that does not exist to keep them in memory only");
        }
        if (!Files.isWritable(directory)) {
            log.warn("{} {} is not writable: routes created over HTTP will not survive a restart", SETTING, directory);
        }
        return Optional.of(new FileRouteStore(directory));
    }
}
