package io.logspout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's own scripts ({@code scripts/image.sh}, {@code scripts/docker-engine.sh}),
 * run by a test as a user runs it: with {@code bash}, from the module directory the test runs in.
 */
public final class ProjectScript {
    private ProjectScript() {
    }

    /**
     * Runs {@code scripts/<name> args...} with {@code env} added to the environment, its output
     * (stdout and stderr) into {@code log}.
     *
     * @throws IllegalStateException with the output when it fails or takes longer than {@code timeout}
     */
    public static void run(String name, Map<String, String> env, Duration timeout, Path log, String... args) {
        Path script = find(Path.of("scripts", name));
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("scripts/" + name + " did not finish within " + timeout + "; its output is in " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/" + name + " failed with exit code " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /** A file of the project, found from the directory the test runs in or one above it. */
    private static Path find(Path relative) {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(relative))) {
                return directory.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found in " + Path.of("").toAbsolutePath() + " or above it");
    }
}
