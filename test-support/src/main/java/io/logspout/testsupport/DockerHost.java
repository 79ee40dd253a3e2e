package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Docker engine that {@code scripts/test.sh} starts for the tests, found through the
 * {@code DOCKER_HOST} environment variable and driven with the {@code docker} client.
 * Integration tests that need containers fail, never skip, when it is not there.
 *
 * <p>Every container it makes carries the label {@value #LABEL}{@code =1} and this instance's
 * {@value #SESSION_LABEL}; {@link #close()} removes this instance's containers. Names get a
 * random suffix, so leftovers of earlier runs never clash.
 *
 * <pre>{@code
 * try (DockerHost docker = DockerHost.connect()) {
 *     TestContainer c = docker.run(ContainerSpec.script("echo out; echo err >&2"));
 *     c.waitForExit(Duration.ofSeconds(30));
 *     assertThat(c.logs().stdout()).isEqualTo("out\n");
 * }
 * }</pre>
 */
public final class DockerHost implements AutoCloseable {
    /** Label on every test container, with the value {@code 1}. */
    public static final String LABEL = "logspout-test";
    /** Label whose value tells the {@link DockerHost} instance that made a container. */
    public static final String SESSION_LABEL = "logspout-test.session";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** Stopping takes a few seconds (--shutdown-timeout 2), starting as long again on a busy machine. */
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

    private final DockerCli cli;
    private final String session;

    private DockerHost(DockerCli cli) {
        this.cli = cli;
        this.session = randomSuffix();
    }

    /**
     * Connects to the engine in {@code DOCKER_HOST} and checks that it answers and has the
     * busybox test image.
     *
     * @throws IllegalStateException naming {@code DOCKER_HOST} and {@code scripts/test.sh} when
     *     there is no engine (an unset {@code DOCKER_HOST} counts: the system's Docker is never used)
     */
    public static DockerHost connect() {
        return connect(System.getenv("DOCKER_HOST"));
    }

    static DockerHost connect(String dockerHost) {
        if (dockerHost == null || dockerHost.isBlank()) {
            throw noEngine("(unset)", "the tests never fall back to the system's Docker");
        }
        DockerCli cli = new DockerCli(dockerHost);
        DockerCli.Result version = cli.tryExec(CONNECT_TIMEOUT, "version", "--format", "{{.Server.Version}}")
                .orElseThrow(() -> noEngine(dockerHost, "no answer within " + CONNECT_TIMEOUT));
        if (!version.ok()) {
            throw noEngine(dockerHost, version.stderr().strip());
        }
        DockerCli.Result image = cli.exec(CONNECT_TIMEOUT, "image", "inspect", "--format", "{{.Id}}", ContainerSpec.BUSYBOX);
        if (!image.ok()) {
            throw new IllegalStateException("the image " + ContainerSpec.BUSYBOX + " is missing on DOCKER_HOST="
                    + dockerHost + "; run the tests with scripts/test.sh, which imports it");
        }
        return new DockerHost(cli);
    }

    private static IllegalStateException noEngine(String dockerHost, String detail) {
        return new IllegalStateException("no Docker engine at DOCKER_HOST=" + dockerHost
                + "; run the tests with scripts/test.sh (" + detail + ")");
    }

    /** The engine's address, e.g. {@code unix:///tmp/lsd/docker.sock}: give it to the router under test. */
    public String dockerHost() {
        return cli.dockerHost();
    }

    /** The value of {@value #SESSION_LABEL} on this instance's containers. */
    public String session() {
        return session;
    }

    /** Creates and starts a container, detached, without network. */
    public TestContainer run(ContainerSpec spec) {
        TestContainer container = create(spec);
        container.start();
        return container;
    }

    /** Creates a container without starting it (see {@link TestContainer#start()}). */
    public TestContainer create(ContainerSpec spec) {
        String name = uniqueName(spec.namePrefix());
        List<String> args = new ArrayList<>(List.of("create"));
        args.addAll(spec.createArguments(name, Map.of(LABEL, "1", SESSION_LABEL, session)));
        String id = cli.run(args.toArray(String[]::new)).strip();
        return new TestContainer(cli, id, name);
    }

    /**
     * Stops the engine and starts it again with the same arguments, as {@code scripts/docker-engine.sh
     * restart} does: containers made with {@link ContainerSpec#restartAlways()} come back, the others
     * stay stopped. Only the engine that script started can be restarted (its pid file lies beside
     * the socket of {@code DOCKER_HOST}); each test run has an engine of its own, so no one else's stops.
     *
     * @throws IllegalStateException with the script's output when the engine does not come back
     */
    public void restartEngine() {
        Path socket = Path.of(URI.create(dockerHost()).getPath());
        Path directory = socket.getParent();
        if (!dockerHost().startsWith("unix://") || !Files.exists(directory.resolve("docker.pid"))) {
            throw new IllegalStateException("only an engine that scripts/docker-engine.sh started can be restarted: no docker.pid beside "
                    + socket + " (DOCKER_HOST=" + dockerHost() + "); run the tests with scripts/test.sh");
        }
        try {
            Path log = Files.createTempFile("docker-engine-restart", ".log");
            ProjectScript.run("docker-engine.sh", Map.of("LOGSPOUT_DOCKER_DIR", directory.toString()), RESTART_TIMEOUT, log, "restart");
            Files.delete(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Force-removes every container this instance made, running or not. */
    public void removeAll() {
        String ids = cli.run("ps", "--all", "--quiet", "--filter", "label=" + SESSION_LABEL + "=" + session).strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "--force"));
            args.addAll(ids.lines().toList());
            cli.run(args.toArray(String[]::new));
        }
    }

    /** Removes this instance's containers ({@link #removeAll()}). */
    @Override
    public void close() {
        removeAll();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + randomSuffix();
    }

    private static String randomSuffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
