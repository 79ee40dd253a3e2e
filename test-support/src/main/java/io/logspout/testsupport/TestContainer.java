package io.logspout.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A container on the test engine, made by {@link DockerHost}; each method is one {@code docker}
 * command. The handle keeps the current name across {@link #rename(String)}.
 */
public final class TestContainer {
    private final DockerCli cli;
    private final String id;
    private volatile String name;

    TestContainer(DockerCli cli, String id, String name) {
        this.cli = cli;
        this.id = id;
        this.name = name;
    }

    /** The full 64-character id. */
    public String id() {
        return id;
    }

    /** The 12-character id, as {@code docker ps} and logspout's filters show it. */
    public String shortId() {
        return id.substring(0, 12);
    }

    /** The current name, without Docker's leading {@code /}. */
    public String name() {
        return name;
    }

    /** Starts the container (after {@link DockerHost#create(ContainerSpec)} or a stop). */
    public void start() {
        cli.run("start", id);
    }

    /**
     * Stops the container at once: SIGTERM then SIGKILL with no grace period. (The busybox
     * shell as process 1 ignores SIGTERM, so a grace period would only add delay.)
     */
    public void stop() {
        stop(Duration.ZERO);
    }

    /** Stops the container: SIGTERM, then SIGKILL after {@code grace} (whole seconds). */
    public void stop(Duration grace) {
        cli.run(DockerCli.DEFAULT_TIMEOUT.plus(grace), "stop", "--time", Long.toString(grace.toSeconds()), id);
    }

    /** Restarts the container at once (no grace period, as {@link #stop()}). */
    public void restart() {
        cli.run("restart", "--time", "0", id);
    }

    /** Renames the container to the prefix, a dash and a random suffix; returns the new name. */
    public String rename(String newNamePrefix) {
        String newName = DockerHost.uniqueName(newNamePrefix);
        cli.run("rename", id, newName);
        name = newName;
        return newName;
    }

    /** Force-removes the container, running or not. */
    public void remove() {
        cli.run("rm", "--force", id);
    }

    /** Whether the container still exists (false after {@link #remove()}). */
    public boolean exists() {
        return cli.exec(DockerCli.DEFAULT_TIMEOUT, "inspect", "--type", "container", "--format", "{{.Id}}", id).ok();
    }

    /** Whether the container runs now. */
    public boolean isRunning() {
        return Boolean.parseBoolean(inspect("{{.State.Running}}"));
    }

    /**
     * A field of {@code docker inspect}, by Go template, e.g. {@code "{{.State.Pid}}"} or
     * {@code "{{json .Config.Labels}}"}; without the trailing newline.
     */
    public String inspect(String goTemplate) {
        return cli.run("inspect", "--type", "container", "--format", goTemplate, id).stripTrailing();
    }

    /** What the container wrote so far, as {@code docker logs} returns it. */
    public ContainerLogs logs() {
        DockerCli.Result result = cli.exec(DockerCli.DEFAULT_TIMEOUT, "logs", id);
        if (!result.ok()) {
            throw new IllegalStateException("docker logs " + this + " failed: " + result.stderr().strip());
        }
        return new ContainerLogs(result.stdout(), result.stderr());
    }

    /**
     * Docker's own time of the first line {@code line} that the container wrote (on stdout or
     * stderr), as {@code docker logs --timestamps} gives it: what a router that reads Docker's
     * timestamps must pass on, to the nanosecond. A line longer than Docker's 16 KB parts is not
     * found: docker logs prints a time before each part.
     *
     * @throws AssertionError if the container wrote no such line
     */
    public Instant loggedAt(String line) {
        DockerCli.Result result = cli.exec(DockerCli.DEFAULT_TIMEOUT, "logs", "--timestamps", id);
        if (!result.ok()) {
            throw new IllegalStateException("docker logs --timestamps " + this + " failed: " + result.stderr().strip());
        }
        return Stream.of(result.stdout(), result.stderr())
                .flatMap(String::lines)
                .map(timestamped -> timestamped.split(" ", 2))
                .filter(timeAndLine -> timeAndLine.length == 2 && timeAndLine[1].equals(line))
                .map(timeAndLine -> Instant.parse(timeAndLine[0]))
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new AssertionError(this + " wrote no line \"" + line + "\"; its logs: " + logs()));
    }

    /**
     * Waits until the container has exited and returns its exit code.
     *
     * @throws AssertionError if it still runs after {@code timeout}, with its logs
     */
    public int waitForExit(Duration timeout) {
        DockerCli.Result result = cli.tryExec(timeout, "wait", id)
                .orElseThrow(() -> new AssertionError(this + " still runs after " + timeout + "; its logs: " + logs()));
        if (!result.ok()) {
            throw new IllegalStateException("docker wait " + this + " failed: " + result.stderr().strip());
        }
        return Integer.parseInt(result.stdout().strip());
    }

    /**
     * Runs {@code sh -c script} inside the running container and returns its standard output;
     * fails unless it exits with 0. To add lines to the container's own log at a moment of the
     * test's choosing, write to its process 1: {@code exec("echo hello > /proc/1/fd/1")}
     * ({@code fd/2} for stderr).
     */
    public String exec(String script) {
        return cli.run("exec", id, "sh", "-c", script);
    }

    @Override
    public String toString() {
        return name + " (" + shortId() + ")";
    }
}
