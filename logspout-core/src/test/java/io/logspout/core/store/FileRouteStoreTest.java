package io.logspout.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import io.logspout.api.RouteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRouteStoreTest {
    private static final Route ROUTE = Route.builder().id("r1").adapter("raw+tcp").address("127.0.0.1:5000")
            .filterName("app-*").option("append_tag", ".x").build();

    @TempDir
    Path directory;

    private FileRouteStore store() {
        return new FileRouteStore(directory);
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savesOneFileNamedAfterTheIdInTheApisJsonReadableByItsOwnerOnly() throws Exception {
        store().save(ROUTE);

        Path file = directory.resolve("r1.json");
        assertThat(files()).containsExactly("r1.json");
        assertThat(Files.readString(file)).isEqualTo(RouteJson.write(ROUTE));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void loadsWhatItSavedAndAReplacementReplaces() throws Exception {
        Route second = ROUTE.withId("r2");
        store().save(ROUTE);
        store().save(second);
        Route replaced = ROUTE.withAdapter("syslog+tcp");
        store().save(replaced);

        assertThat(store().load()).containsExactly(replaced, second);
        assertThat(files()).containsExactly("r1.json", "r2.json");
    }

    @Test
    void removeDeletesTheFileAndIgnoresUnknownIds() throws Exception {
        store().save(ROUTE);

        store().remove("r1");
        store().remove("nosuch");

        assertThat(files()).isEmpty();
        assertThat(store().load()).isEmpty();
    }

    @Test
    void refusesIdsThatAreNotSafeFileNames() {
        assertThatThrownBy(() -> store().save(ROUTE.withId("../escape"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'../escape' is not valid");
        assertThatThrownBy(() -> store().remove("../escape")).isInstanceOf(ConfigException.class);
        assertThat(Files.exists(directory.resolveSibling("escape.json"))).isFalse();
    }

    @Test
    void skipsFilesItCannotReadAndKeepsTheOthers() throws Exception {
        store().save(ROUTE);
        Files.writeString(directory.resolve("broken.json"), "{\"adapter\": ");
        Files.writeString(directory.resolve("wrongtype.json"), "{\"adapter\": 1}");
        Files.writeString(directory.resolve("bad name.json"), RouteJson.write(ROUTE));
        Files.createDirectory(directory.resolve("adir.json"));
        Files.writeString(directory.resolve("notes.txt"), "not a route");
        Files.writeString(directory.resolve(".r9.tmp"), "a write that never finished");

        assertThat(store().load()).containsExactly(ROUTE);
    }

    @Test
    void theFileNameIsTheId() throws Exception {
        Files.writeString(directory.resolve("named.json"), RouteJson.write(ROUTE));
        Files.writeString(directory.resolve("noid.json"), "{\"adapter\": \"raw+tcp\", \"address\": \"h:1\"}");

        assertThat(store().load()).containsExactly(ROUTE.withId("named"),
                Route.builder().id("noid").adapter("raw+tcp").address("h:1").build());
    }

    @Test
    void theFactoryOpensTheStoreOnlyWhenRoutespathIsADirectory() throws Exception {
        FileRouteStoreFactory factory = new FileRouteStoreFactory();
        Path missing = directory.resolve("missing");
        Path file = Files.writeString(directory.resolve("file"), "");

        assertThat(factory.name()).isEqualTo("file");
        assertThat(factory.open(Config.of(Map.of("ROUTESPATH", missing.toString())))).isEmpty();
        RouteStore opened = factory.open(Config.of(Map.of("ROUTESPATH", directory.toString()))).orElseThrow();
        assertThat(((FileRouteStore) opened).directory()).isEqualTo(directory);
        assertThatThrownBy(() -> factory.open(Config.of(Map.of("ROUTESPATH", file.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROUTESPATH=" + file + " is not a directory");
    }

    @Test
    void theFactoryDefaultsToMntRoutes() {
        Config unset = Config.of(Map.of());

        assertThat(new FileRouteStoreFactory().open(unset).isPresent()).isEqualTo(Files.isDirectory(Path.of("/mnt/routes")));
    }

    @Test
    void theMemoryStoreKeepsRoutesByIdInOrder() {
        MemoryRouteStore memory = new MemoryRouteStore();
        memory.save(ROUTE.withId("b"));
        memory.save(ROUTE.withId("a"));
        memory.save(ROUTE.withId("b").withAdapter("syslog"));
        memory.remove("a");
        memory.remove("nosuch");

        assertThat(memory.load()).containsExactly(ROUTE.withId("b").withAdapter("syslog"));
        assertThatThrownBy(() -> memory.save(ROUTE.withId("a/b"))).isInstanceOf(ConfigException.class);
    }
}
