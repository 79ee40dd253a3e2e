package io.logspout.core.plugin;

import io.logspout.api.Config;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in plugin directory ({@code LOGSPOUT_PLUGINS}): each {@code *.jar} in it gets its own
 * class loader under logspout's, so a broken jar or a jar with clashing classes harms no other
 * plugin. A jar that cannot be read is reported by name and skipped, never fatal.
 */
public final class PluginJars {
    public static final String SETTING = "LOGSPOUT_PLUGINS";
    public static final String DEFAULT_DIRECTORY = "/opt/logspout/plugins";
    private static final Logger log = LoggerFactory.getLogger(PluginJars.class);

    /** One plugin jar: its file name, as messages name it, and the loader of its classes. */
    public record PluginJar(String name, ClassLoader loader) {
    }

    private PluginJars() {
    }

    /**
     * Opens the jars of the directory {@code LOGSPOUT_PLUGINS} names (default
     * {@value #DEFAULT_DIRECTORY}, which may be missing), in file name order.
     */
    public static List<PluginJar> open(Config config, ClassLoader parent) {
        String setting = config.get(SETTING).orElse(null);
        Path directory = Path.of(setting != null ? setting : DEFAULT_DIRECTORY);
        if (!Files.isDirectory(directory)) {
            if (setting != null) {
                log.warn("{}={} is not a directory: no plugins loaded; set it to the directory that holds the plugin jars",
                        SETTING, setting);
            }
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file)).sorted().toList();
        } catch (IOException e) {
            log.error("{}={}: cannot list the directory, no plugins loaded: {}", SETTING, directory, e.toString());
            return List.of();
        }
        List<PluginJar> jars = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                jars.add(new PluginJar(name, loader(file, name, parent)));
            } catch (IOException e) {
                log.error("plugin {} is not a readable jar and is skipped: {}", file, e.toString());
            }
        }
        return jars;
    }

    private static ClassLoader loader(Path file, String name, ClassLoader parent) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            jar.size(); // opening reads the central directory: a truncated or foreign file fails here
        }
        URL url;
        try {
            url = file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException(e);
        }
        return new URLClassLoader(name, new URL[] {url}, parent);
    }
}
