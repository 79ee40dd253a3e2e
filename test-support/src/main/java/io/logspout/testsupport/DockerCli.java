package io.logspout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code docker} command-line client against one engine, with a time limit per call:
 * for what {@link DockerHost} and {@link TestContainer} do not cover (building images, running a
 * container with mounts or host networking).
 */
public final class DockerCli {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** What one docker command did. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** True when the command exited with 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final String dockerHost;

    /** A client of the engine at {@code dockerHost}, e.g. {@link DockerHost#dockerHost()}. */
    public DockerCli(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    /** The engine's address. */
    public String dockerHost() {
        return dockerHost;
    }

    /** Runs {@code docker args...} and returns its standard output; fails unless it exits with 0. */
    public String run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** As {@link #run(String...)}, with a time limit of its own. */
    public String run(Duration timeout, String... args) {
        Result result = exec(timeout, args);
        if (!result.ok()) {
            throw new IllegalStateException(command(args) + " failed with exit code " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return result.stdout();
    }

    /** Runs {@code docker args...} whatever its exit code; fails if it takes longer than {@code timeout}. */
    public Result exec(Duration timeout, String... args) {
        return tryExec(timeout, args).orElseThrow(
                () -> new IllegalStateException(command(args) + " did not finish within " + timeout));
    }

    /** Runs {@code docker args...}; empty if it took longer than {@code timeout} and was killed. */
    public Optional<Result> tryExec(Duration timeout, String... args) {
        List<String> commandLine = new ArrayList<>(args.length + 1);
        commandLine.add("docker");
        commandLine.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        builder.environment().put("DOCKER_HOST", dockerHost);
        // A client context or TLS setting of the user's must not send the tests elsewhere.
        builder.environment().remove("DOCKER_CONTEXT");
        builder.environment().remove("DOCKER_TLS_VERIFY");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the docker client (is docker.io installed? "
                    + "run the tests with scripts/test.sh): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            // Both pipes are drained at once: a full stderr pipe would otherwise block the client.
            FutureTask<byte[]> stdout = drain(process.getInputStream());
            FutureTask<byte[]> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), text(stdout), text(stderr)));
        } catch (IOException e) {
            throw new UncheckedIOException(command(args) + " failed", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command(args), e);
        }
    }

    private static FutureTask<byte[]> drain(InputStream in) {
        FutureTask<byte[]> task = new FutureTask<>(in::readAllBytes);
        Thread.ofVirtual().start(task);
        return task;
    }

    private static String text(FutureTask<byte[]> output) throws IOException, InterruptedException {
        try {
            return new String(output.get(), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static String command(String... args) {
        return "docker " + String.join(" ", args);
    }
}
