package io.logspout.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.router.Cursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
    @TempDir
    Path directory;

    private CheckpointFile file() {
        return CheckpointFile.open(Config.of(Map.of(CheckpointFile.SETTING, directory.toString()))).orElseThrow();
    }

    @Test
    void whatIsSavedIsLoadedAgain() throws Exception {
        Map<String, Map<String, Cursor>> routes = Map.of(
                "r1", Map.of("a".repeat(64), new Cursor(1_700_000_000_123_456_789L, 0), "b".repeat(64), new Cursor(5, 2)),
                "r2", Map.of("a".repeat(64), new Cursor(7, 0)));
        file().save(routes, 42);

        CheckpointFile.Saved saved = file().load();

        assertThat(saved.exists()).isTrue();
        assertThat(saved.savedAtNanos()).isEqualTo(42);
        assertThat(saved.routes()).isEqualTo(routes);
    }

    @Test
    void aSaveReplacesTheFileWholeThroughATemporaryOne() throws Exception {
        file().save(Map.of("r1", Map.of("a", new Cursor(1, 0))), 1);
        file().save(Map.of("r2", Map.of("b", new Cursor(2, 0))), 2);

        assertThat(file().load().routes()).containsOnlyKeys("r2");
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly(CheckpointFile.NAME);
        }
    }

    @Test
    void noFileOrABrokenOneMeansNothingWasSaved() throws Exception {
        assertThat(file().load().exists()).isFalse();

        Files.writeString(directory.resolve(CheckpointFile.NAME), "{\"routes\": {\"r1\": {\"a\": \"not a cursor\"}}}");

        assertThat(file().load().exists()).isFalse();
    }

    @Test
    void usedOnlyWhenTheDirectoryExists() throws Exception {
        assertThat(CheckpointFile.open(Config.of(Map.of(CheckpointFile.SETTING, directory.resolve("absent").toString())))).isEmpty();
        Path notDirectory = Files.writeString(directory.resolve("file"), "");
        assertThatThrownBy(() -> CheckpointFile.open(Config.of(Map.of(CheckpointFile.SETTING, notDirectory.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHECKPOINT_PATH=" + notDirectory + " is not a directory");
    }
}
