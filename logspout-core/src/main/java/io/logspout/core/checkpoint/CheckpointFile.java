package io.logspout.core.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.Config;
import io.logspout.core.config.SettingDirectory;
import io.logspout.core.router.Cursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes' cursors on disk: {@code cursors.json} in {@code CHECKPOINT_PATH} (default
 * {@code /mnt/checkpoints}), used only when that directory exists, as {@code ROUTESPATH} is.
 *
 * <p>Crash-safe: a save writes the whole file under a temporary name, forces it to disk, renames
 * it over the old one (atomic on POSIX file systems) and forces the directory, so a crash at any
 * point leaves either the old file or the new one, whole.
 *
 * <p>The file: {@code {"version":1,"savedAtNanos":N,"routes":{"<route id>":{"<container id>":"<Docker
 * time in ns>:<n>"}}}}, where {@code savedAtNanos} is the wall clock at the save.
 */
public final class CheckpointFile {
    private static final Logger log = LoggerFactory.getLogger(CheckpointFile.class);
    public static final String SETTING = "CHECKPOINT_PATH";
    public static final String DEFAULT_PATH = "/mnt/checkpoints";
    static final String NAME = "cursors.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    /**
     * What was saved.
     *
     * @param savedAtNanos the wall clock at the save; -1 when nothing was saved yet
     * @param routes per route id, per container id, the last line the route's destination accepted
     */
    public record Saved(long savedAtNanos, Map<String, Map<String, Cursor>> routes) {
        static final Saved NONE = new Saved(-1, Map.of());

        public boolean exists() {
            return savedAtNanos >= 0;
        }
    }

    private final Path file;
    private final Path temporary;

    CheckpointFile(Path directory) {
        this.file = directory.resolve(NAME);
        this.temporary = directory.resolve(NAME + ".tmp");
    }

    /**
     * The file in {@code CHECKPOINT_PATH}, when that directory exists.
     *
     * @throws io.logspout.api.ConfigException when the setting names something that is not a directory
     */
    public static Optional<CheckpointFile> open(Config config) {
        Optional<Path> directory = SettingDirectory.existing(config, SETTING, DEFAULT_PATH, "the routes' cursors");
        if (directory.isEmpty()) {
            log.info("{} {} does not exist: routes' cursors are not saved, and a restart follows BACKLOG and TAIL", SETTING, config.get(SETTING, DEFAULT_PATH));
        }
        return directory.map(CheckpointFile::new);
    }

    public Path path() {
        return file;
    }

    /** What the last save wrote; {@link Saved#NONE} when there is no file, or it cannot be read (logged). */
    public Saved load() {
        if (!Files.exists(file)) {
            return Saved.NONE;
        }
        try {
            Map<String, Object> json = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
            Map<String, Map<String, Cursor>> routes = new LinkedHashMap<>();
            if (json.get("routes") instanceof Map<?, ?> byRoute) {
                for (Map.Entry<?, ?> route : byRoute.entrySet()) {
                    Map<String, Cursor> cursors = new LinkedHashMap<>();
                    if (route.getValue() instanceof Map<?, ?> byContainer) {
                        byContainer.forEach((container, cursor) -> cursors.put(String.valueOf(container), parse(String.valueOf(cursor))));
                    }
                    routes.put(String.valueOf(route.getKey()), cursors);
                }
            }
            long savedAt = json.get("savedAtNanos") instanceof Number number ? number.longValue() : 0;
            return new Saved(savedAt, routes);
        } catch (IOException | RuntimeException e) {
            log.error("{} cannot be read, so routes start as without it (BACKLOG and TAIL): {}", file, e.toString());
            return Saved.NONE;
        }
    }

    /** Writes {@code routes} crash-safely, replacing what was saved. */
    public void save(Map<String, Map<String, Cursor>> routes, long savedAtNanos) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", VERSION);
        json.put("savedAtNanos", savedAtNanos);
        Map<String, Map<String, String>> byRoute = new LinkedHashMap<>();
        routes.forEach((route, cursors) -> {
            Map<String, String> byContainer = new LinkedHashMap<>();
            cursors.forEach((container, cursor) -> byContainer.put(container, cursor.timeNanos() + ":" + cursor.seq()));
            byRoute.put(route, byContainer);
        });
        json.put("routes", byRoute);
        byte[] bytes = JSON.writeValueAsBytes(json);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true); // the rename itself is durable
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is still atomic there
        }
    }

    private static Cursor parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("cursor '" + text + "' is not <nanos>:<n>");
        }
        return new Cursor(Long.parseLong(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
    }
}
