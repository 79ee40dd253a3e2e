package io.logspout.core.store;

import io.logspout.api.Config;
import io.logspout.api.RouteStore;
import io.logspout.api.RouteStoreFactory;
import io.logspout.core.config.SettingDirectory;
import java.nio.file.Files;
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
     * @throws io.logspout.api.ConfigException when {@code ROUTESPATH} names something that is not a directory
     */
    @Override
    public Optional<RouteStore> open(Config config) {
        Optional<Path> found = SettingDirectory.existing(config, SETTING, DEFAULT_PATH, "the routes created over HTTP");
        if (found.isEmpty()) {
            log.debug("{} {} does not exist: routes created over HTTP live in memory only", SETTING, config.get(SETTING, DEFAULT_PATH));
            return Optional.empty();
        }
        Path directory = found.get();
        if (!Files.isWritable(directory)) {
            log.warn("{} {} is not writable: routes created over HTTP will not survive a restart", SETTING, directory);
        }
        return Optional.of(new FileRouteStore(directory));
    }
}
