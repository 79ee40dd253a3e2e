package io.logspout.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.core.plugin.PluginJars.PluginJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drop-in plugin jars: real jars, compiled here, loaded as logspout loads them at startup. */
class PluginsTest {
    private static final String SERVICES = "META-INF/services/" + AdapterFactory.class.getName();

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    /** A jar with {@code demo.Factory}, an adapter factory named {@code adapterName}, registered as a service. */
    private Path adapterJar(String jarName, String adapterName) throws IOException {
        String source = """
                package demo;
                public final class Factory implements io.logspout.api.AdapterFactory {
                    public String name() { return "%s"; }
                    public io.logspout.api.Adapter create(io.logspout.api.AdapterContext context) {
                        throw new UnsupportedOperationException();
                    }
                }
                """.formatted(adapterName);
        Path sources = Files.createDirectories(temp.resolve("src-" + jarName));
        Files.writeString(sources.resolve("Factory.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes-" + jarName));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                sources.resolve("Factory.java").toString());
        assertThat(status).as("the test plugin compiles").isZero();
        return writeJar(jarName, Map.of(
                "demo/Factory.class", Files.readAllBytes(classes.resolve("demo/Factory.class")),
                SERVICES, "demo.Factory\n".getBytes(StandardCharsets.UTF_8)));
    }

    private Path writeJar(String jarName, Map<String, byte[]> entries) throws IOException {
        Path jar = plugins().resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private Plugins load() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        return Plugins.load(loader, PluginJars.open(Config.of(Map.of(PluginJars.SETTING, plugins().toString())), loader));
    }

    @Test
    void aPluginJarsAdapterIsLoadedInTheJarsOwnClassLoader() throws IOException {
        adapterJar("echo-plugin.jar", "echo");

        Plugins plugins = load();

        assertThat(plugins.jarNames()).containsExactly("echo-plugin.jar");
        assertThat(plugins.adapters()).containsKey("echo");
        ClassLoader loader = plugins.adapters().get("echo").getClass().getClassLoader();
        assertThat(loader.getName()).isEqualTo("echo-plugin.jar");
        assertThat(loader.getParent()).isSameAs(getClass().getClassLoader());
    }

    @Test
    void jarsWithClassesOfTheSameNameDoNotClash() throws IOException {
        adapterJar("a.jar", "first");
        adapterJar("b.jar", "second");

        Plugins plugins = load();

        assertThat(plugins.adapters()).containsKeys("first", "second");
        assertThat(plugins.adapters().get("first").getClass()).isNotSameAs(plugins.adapters().get("second").getClass());
    }

    @Test
    void aFileThatIsNoJarIsSkippedAndTheOthersLoad() throws IOException {
        Files.writeString(plugins().resolve("broken.jar"), "not a zip file");
        adapterJar("good.jar", "good");

        Plugins plugins = load();

        assertThat(plugins.jarNames()).containsExactly("good.jar");
        assertThat(plugins.adapters()).containsKey("good");
    }

    @Test
    void aServiceNamingAMissingClassIsSkippedAndTheOthersLoad() throws IOException {
        writeJar("missing-class.jar", Map.of(SERVICES, "demo.NotThere\n".getBytes(StandardCharsets.UTF_8)));
        adapterJar("good.jar", "good");

        Plugins plugins = load();

        assertThat(plugins.jarNames()).containsExactly("good.jar", "missing-class.jar");
        assertThat(plugins.adapters()).containsOnlyKeys("good");
    }

    @Test
    void aJarSeesTheBuiltinsButDoesNotRegisterThemTwice() throws IOException {
        adapterJar("good.jar", "good");
        ClassLoader loader = getClass().getClassLoader();

        Plugins withJar = load();
        Plugins builtinsOnly = Plugins.load(loader, List.of());

        assertThat(withJar.jobs()).hasSameSizeAs(builtinsOnly.jobs());
        assertThat(withJar.httpModules().keySet()).isEqualTo(builtinsOnly.httpModules().keySet());
    }

    @Test
    void onlyJarFilesAreOpened() throws IOException {
        adapterJar("good.jar", "good");
        Files.writeString(plugins().resolve("README.txt"), "notes");
        Files.createDirectories(plugins().resolve("directory.jar"));

        List<PluginJar> jars = PluginJars.open(Config.of(Map.of(PluginJars.SETTING, plugins().toString())), getClass().getClassLoader());

        assertThat(jars).extracting(PluginJar::name).containsExactly("good.jar");
    }

    @Test
    void aMissingDirectoryMeansNoPlugins() {
        Config config = Config.of(Map.of(PluginJars.SETTING, temp.resolve("nowhere").toString()));

        assertThat(PluginJars.open(config, getClass().getClassLoader())).isEmpty();
    }
}
