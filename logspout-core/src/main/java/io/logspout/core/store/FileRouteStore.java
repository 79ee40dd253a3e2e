package io.logspout.core.store;

import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.api.RouteStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes kept as files in a directory, as logspout keeps them in {@code ROUTESPATH}: one
 * {@code <id>.json} per route in the JSON of the routes API. A file is written whole to a
 * temporary file and renamed over the old one, so a crash leaves the old route or the new one,
 * never half a file; files are readable by their owner only ({@code 0600}), since a route may
 * name internal hosts and carry options.
 */
public final class FileRouteStore implements RouteStore {
    private static final Logger log = LoggerFactory.getLogger(FileRouteStore.class);
    private static final String SUFFIX = ".json";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path directory;

    public FileRouteStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The stored routes in the order of their ids; a file that cannot be read is logged and skipped. */
    @Override
    public List<Route> load() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            entries.forEach(files::add);
        }
        files.sort(null);
        List<Route> routes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (!RouteIds.isValid(id)) {
                log.warn("route file {} is skipped: its name is not a route id (A-Z a-z 0-9 _ . -, at most {})", file, RouteIds.MAX_LENGTH);
                continue;
            }
            try {
                Route route = RouteJson.parse(Files.readAllBytes(file));
                if (!route.id().equals(id)) {
                    // The file name wins: it is what a later delete of this id removes.
                    if (!route.id().isEmpty()) {
                        log.warn("route file {} holds id '{}'; using '{}', its file name", file, route.id(), id);
                    }
                    route = route.withId(id);
                }
                routes.add(route);
            } catch (IOException | ConfigException e) {
                log.warn("route file {} is skipped: {}", file, e.getMessage());
            }
        }
        return routes;
    }

    @Override
    public void save(Route route) throws IOException {
        String id = RouteIds.check(route.id());
        byte[] json = RouteJson.write(route).getBytes(StandardCharsets.UTF_8);
        Path temporary = POSIX
                ? Files.createTempFile(directory, "." + id, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, "." + id, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename makes it the route
            }
            Files.move(temporary, directory.resolve(id + SUFFIX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void remove(String id) throws IOException {
        Files.deleteIfExists(directory.resolve(RouteIds.check(id) + SUFFIX));
    }

    @Override
    public String toString() {
        return "files in " + directory;
    }
}
