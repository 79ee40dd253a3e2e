package io.logspout.core.config;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A directory named by a setting that is used only when it exists, as logspout's
 * {@code ROUTESPATH}: creating the directory, or mounting a volume there, is how an operator asks
 * for what it keeps to persist.
 */
public final class SettingDirectory {
    private SettingDirectory() {
    }

    /**
     * The directory {@code setting} names (default {@code defaultPath}), when it exists.
     *
     * @param purpose what the directory is for, for messages: "the routes created over HTTP"
     * @throws ConfigException when the setting is not a path or names something that is not a directory
     */
    public static Optional<Path> existing(Config config, String setting, String defaultPath, String purpose) {
        String value = config.get(setting, defaultPath);
        Path directory;
        try {
            directory = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(setting + "=" + value + " is not a path: " + e.getReason() + "; set it to a directory for " + purpose);
        }
        if (!Files.exists(directory)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(setting + "=" + value + " is not a directory; set it to a directory for " + purpose
                    + ", or to a path that does not exist to keep them in memory only");
        }
        return Optional.of(directory);
    }
}
