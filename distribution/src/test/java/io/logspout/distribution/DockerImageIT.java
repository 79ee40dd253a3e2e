package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.AdapterFactory;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.DockerCli;
import io.logspout.testsupport.DockerHost;
import io.logspout.testsupport.FreePort;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.ProjectScript;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image of {@code distribution/Dockerfile}, built by {@code scripts/image.sh} from
 * {@code target/logspout.jar} and run as users run it: the engine's socket mounted, routes as
 * arguments; with host networking here, so that it reaches a sink on this machine's loopback.
 *
 * <p>No registry is reachable, so the image is built on stand-ins for its default JDK and base
 * images, made from this machine's JDK by {@code lsd_ensure_build_images} in
 * {@code scripts/docker-engine.sh} (run by {@code scripts/test.sh} and
 * {@code scripts/docker-engine.sh start}).
 */
class DockerImageIT {
    private static final String JDK_IMAGE = "logspout-build/jdk:latest";
    private static final String BASE_IMAGE = "logspout-build/base:latest";
    /** The bound for what the image adds to its base: the Java runtime, the jar and the AOT cache (about 40, 16 and 38 MB). */
    private static final long MAX_ADDED_BYTES = 100_000_000;
    /** The Dockerfile's LOGSPOUT_JAVA_OPTS, which the AOT cache was made with. */
    private static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms8m -Xmx128m -XX:TieredStopAtLevel=1";
    /** The lines of java.options after the class cache's, whatever the cache (the test JDK is 23+). */
    private static final String ALWAYS_ADDED_JAVA_OPTIONS =
            "-XX:CompileCommand=quiet -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock\n"
            + "-XX:TrimNativeHeapInterval=2000";
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path JAR = Path.of("target", "logspout.jar");
    private static final Path BUILD_LOG = Path.of("target", "docker-image-build.log");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Modules jdeps finds that the image leaves out on purpose, since logspout loads no class of theirs: see the Dockerfile. */
    private static final Set<String> LEFT_OUT = Set.of("java.desktop", "java.compiler", "java.sql", "java.naming", "jdk.jfr");

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private static DockerCli cli;
    private static String image;

    @TempDir
    Path temp;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // scripts/image.sh, BUILD_TIMEOUT at most
    static void buildImage() throws Exception {
        DockerHost docker = live.docker();
        cli = new DockerCli(docker.dockerHost());
        for (String base : List.of(JDK_IMAGE, BASE_IMAGE)) {
            if (!cli.exec(WAIT, "image", "inspect", base).ok()) {
                throw new IllegalStateException("the image " + base + " is missing on DOCKER_HOST=" + docker.dockerHost()
                        + "; run the tests with scripts/test.sh, or start the engine with scripts/docker-engine.sh start:"
                        + " both make it from this machine's JDK (lsd_ensure_build_images in scripts/docker-engine.sh)");
            }
        }
        image = "logspout-jvm-it:" + docker.session();
        ProjectScript.run("image.sh", Map.of("DOCKER_HOST", docker.dockerHost()), BUILD_TIMEOUT, BUILD_LOG,
                "--jar", JAR.toAbsolutePath().toString(), "--tag", image, "--jdk-image", JDK_IMAGE, "--base-image", BASE_IMAGE);
    }

    @AfterAll
    static void removeImage() {
        if (image != null) {
            live.docker().removeAll(); // the containers of the image first
            cli.exec(WAIT, "rmi", "--force", image);
        }
    }

    @Test
    void routesASiblingContainersLinesToATcpSinkAnswersHealthAndStopsCleanlyOnSigterm() {
        String prefix = "image-" + randomHex();
        TcpSink sink = live.sink();
        int port = FreePort.tcp();
        String logspout = runLogspout(prefix + "-logspout", "/var/run/docker.sock", port, List.of(),
                "tcp://" + sink.address() + "?filter.name=" + prefix + "-app-*");
        awaitHealthy(logspout, port);

        live.docker().run(ContainerSpec.script("echo out-line; echo err-line >&2; sleep 600").namePrefix(prefix + "-app"));
        assertThat(sink.awaitLine("out-line"::equals, WAIT)).isEqualTo("out-line");
        assertThat(sink.awaitLine("err-line"::equals, WAIT)).isEqualTo("err-line");

        cli.run(WAIT.plusSeconds(30), "stop", "--time", "30", logspout);
        // 143 is java ending on the SIGTERM; 137 would be the SIGKILL that ends the grace period.
        assertThat(cli.run("inspect", "--format", "{{.State.ExitCode}}", logspout).strip())
                .as("exit code after docker stop; logspout's log:\n%s", logs(logspout))
                .isEqualTo("143");
        assertThat(logs(logspout))
                .as("the routes directory is the image's volume; close runs on SIGTERM")
                .contains("# options : persist:/mnt/routes", "Docker pump stopped");
    }

    @Test
    void theSocketAtGoLogspoutsOldPathAndDropInPluginsWork() throws IOException {
        Path plugin = temp.resolve("probe.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugin))) {
            String classFile = PluginProbe.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = PluginProbe.class.getResourceAsStream("/" + classFile)) {
                in.transferTo(jar);
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + AdapterFactory.class.getName()));
            jar.write((PluginProbe.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        int port = FreePort.tcp();
        String logspout = runLogspout("image-" + randomHex() + "-logspout", "/tmp/docker.sock", port,
                List.of("--volume", plugin + ":/opt/logspout/plugins/probe.jar:ro"));

        assertThat(awaitHealthy(logspout, port)).contains("\"docker\": \"reachable\"");
        assertThat(logs(logspout)).contains("# plugins : probe.jar").containsPattern("# adapters: .*\\b" + PluginProbe.NAME + "\\b");
    }

    @Test
    void servesMetricsWithTheJvmsAndLogsJsonLinesWhenAsked() {
        int port = FreePort.tcp();
        String logspout = runLogspout("image-" + randomHex() + "-logspout", "/var/run/docker.sock", port, List.of("--env", "LOG_FORMAT=json"));
        awaitHealthy(logspout, port);

        HttpResponse<String> metrics = TestClients.send(TestClients.request(port, "/metrics"));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("logspout_docker_up 1.0", "jvm_memory_used_bytes{area=\"heap\"}", "process_cpu_seconds_total",
                "process_resident_memory_bytes");
        DockerCli.Result log = cli.exec(WAIT, "logs", logspout);
        assertThat(log.stderr().lines().toList()).as("logspout's log").isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{\"timestamp\":").endsWith("}"));
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        DockerCli.Result result = cli.exec(WAIT, "run", "--rm", "--network", "none", image, "--version");

        assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
        assertThat(result.stdout()).matches("v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void startsFromTheAheadOfTimeCacheMadeWhenTheImageWasBuilt() {
        // AOTMode=on: the JVM refuses to start when it cannot use the cache the image names.
        DockerCli.Result result = cli.exec(WAIT, "run", "--rm", "--network", "none",
                "--env", "LOGSPOUT_JAVA_OPTS=" + DEFAULT_JAVA_OPTS + " -XX:AOTMode=on", image, "--version");

        assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
        assertThat(cli.run("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", image, "-c", "exec cat /opt/logspout/java.options").strip())
                .isEqualTo("-XX:AOTCache=/opt/logspout/logspout.aot\n" + ALWAYS_ADDED_JAVA_OPTIONS);
    }

    @Test
    void startsFromAClassDataArchiveOfTheJdksClassesWhenBuiltWithClassCacheJdk() {
        String jdkCached = image + "-jdk";
        ProjectScript.run("image.sh", Map.of("DOCKER_HOST", live.docker().dockerHost()), BUILD_TIMEOUT, Path.of("target", "docker-image-jdk-build.log"),
                "--jar", JAR.toAbsolutePath().toString(), "--tag", jdkCached, "--jdk-image", JDK_IMAGE, "--base-image", BASE_IMAGE,
                "--class-cache", "jdk");
        try {
            // -Xshare:on: the JVM refuses to start when it cannot map the archive the image names.
            DockerCli.Result result = cli.exec(WAIT, "run", "--rm", "--network", "none",
                    "--env", "LOGSPOUT_JAVA_OPTS=" + DEFAULT_JAVA_OPTS + " -Xshare:on", jdkCached, "--version");

            assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
            assertThat(result.stderr()).as("the archive leaves logspout's classes out without a word at run time").isEmpty();
            assertThat(cli.run("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", jdkCached, "-c", "exec cat /opt/logspout/java.options").strip())
                    .isEqualTo("-XX:SharedArchiveFile=/opt/logspout/logspout.jsa\n" + ALWAYS_ADDED_JAVA_OPTIONS);
            assertThat(imageSize(jdkCached)).as("the JDK's classes alone make a smaller archive").isLessThan(imageSize(image));
        } finally {
            cli.exec(WAIT, "rmi", "--force", jdkCached);
        }
    }

    @Test
    void declaresPort80TheRoutesAndCheckpointsVolumesAndRunsAsTheBaseImagesUser() {
        assertThat(cli.run("image", "inspect", "--format",
                "{{json .Config.ExposedPorts}} {{json .Config.Volumes}} user={{.Config.User}}", image).strip())
                .isEqualTo("{\"80/tcp\":{}} {\"/mnt/checkpoints\":{},\"/mnt/routes\":{}} user=");
    }

    @Test
    void addsLessThan100MbToItsBase() {
        long added = imageSize(image) - imageSize(BASE_IMAGE);
        System.out.printf("DockerImageIT: the image is %.1f MB, of which the runtime, the jar and the class cache %.1f MB (jar %.1f MB)%n",
                imageSize(image) / 1e6, added / 1e6, JAR.toFile().length() / 1e6);

        assertThat(added).as("bytes the image adds to " + BASE_IMAGE).isLessThan(MAX_ADDED_BYTES);
    }

    @Test
    void theRuntimesModulesCoverWhatJdepsFindsInTheJar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ToolProvider.findFirst("jdeps").orElseThrow().run(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--print-module-deps", "--multi-release", "21", "--ignore-missing-deps", JAR.toString());
        assertThat(status).as("jdeps: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        Set<String> needed = new TreeSet<>(Arrays.asList(out.toString(StandardCharsets.UTF_8).strip().split(",")));
        needed.removeAll(LEFT_OUT);

        Matcher modules = Pattern.compile("\"--add-modules\", \"([^\"]+)\"").matcher(Files.readString(DOCKERFILE));
        assertThat(modules.find()).as("the jlink line of " + DOCKERFILE).isTrue();
        assertThat(Set.of(modules.group(1).split(","))).containsAll(needed);
    }

    /**
     * Starts the image with the engine's socket mounted at {@code socketMount}, host networking
     * and its HTTP server on {@code port}; the container is removed after the test.
     */
    private static String runLogspout(String name, String socketMount, int port, List<String> options, String... routes) {
        DockerHost docker = live.docker();
        String dockerHost = docker.dockerHost();
        assertThat(dockerHost).as("DOCKER_HOST: the image test mounts the engine's socket").startsWith("unix://");
        List<String> command = new ArrayList<>(List.of("run", "--detach", "--name", name,
                "--label", DockerHost.LABEL + "=1", "--label", DockerHost.SESSION_LABEL + "=" + docker.session(),
                "--network", "host", "--volume", dockerHost.substring("unix://".length()) + ":" + socketMount,
                "--env", "PORT=" + port));
        command.addAll(options);
        command.add(image);
        command.addAll(List.of(routes));
        String id = cli.run(command.toArray(String[]::new)).strip();
        live.closing(() -> cli.run("rm", "--force", id));
        return id;
    }

    /** Waits until {@code /health} answers 200 and returns its body; fails at once if logspout exits. */
    private static String awaitHealthy(String container, int port) {
        HttpRequest request = TestClients.request(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        AtomicReference<String> problem = new AtomicReference<>("no answer yet");
        Await.until(WAIT, () -> {
            try {
                last.set(TestClients.http().send(request, HttpResponse.BodyHandlers.ofString()));
                return last.get().statusCode() == 200;
            } catch (IOException e) {
                problem.set(e.toString());
                assertThat(cli.run("inspect", "--format", "{{.State.Running}}", container).strip())
                        .as("logspout runs; its log:\n%s", logs(container))
                        .isEqualTo("true");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }, () -> "/health answering 200; last answer: "
                + (last.get() == null ? problem.get() : last.get().statusCode() + " " + last.get().body())
                + "; logspout's log:\n" + logs(container));
        return last.get().body();
    }

    private static String logs(String container) {
        DockerCli.Result result = cli.exec(WAIT, "logs", container);
        return result.stdout() + result.stderr();
    }

    private static long imageSize(String name) {
        return Long.parseLong(cli.run("image", "inspect", "--format", "{{.Size}}", name).strip());
    }

    private static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
