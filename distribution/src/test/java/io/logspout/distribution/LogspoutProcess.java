package io.logspout.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable jar started as users start it, {@code java -jar logspout.jar [ROUTES]}, with its
 * output in files of a directory: {@code stdout} and {@code stderr}, appended to by each start.
 */
final class LogspoutProcess {
    static final Path JAR = Path.of("target", "logspout.jar");
    /** The banner's jobs line with the HTTP server: its modules (group 1) and port (group 2). */
    static final Pattern HTTP_JOB = Pattern.compile("# jobs {4}: .*\\bhttp\\[([a-z,]+)\\]:(\\d+)");

    private LogspoutProcess() {
    }

    /** Starts the jar with {@code env} on top of this process's environment (less {@code ROUTE_URIS}) and any free HTTP port. */
    static Process start(Path directory, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("stderr").toFile()));
        builder.environment().remove("ROUTE_URIS");
        builder.environment().put("PORT", "0"); // any free port for its HTTP server: runs may overlap
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The HTTP port of the last start in {@code directory} whose banner was written, or -1. */
    static int httpPort(Path directory) {
        Matcher matcher = HTTP_JOB.matcher(output(directory, "stderr"));
        int port = -1;
        while (matcher.find()) {
            port = Integer.parseInt(matcher.group(2));
        }
        return port;
    }

    /** What the starts in {@code directory} wrote to {@code name} ({@code stdout} or {@code stderr}) so far. */
    static String output(Path directory, String name) {
        try {
            Path file = directory.resolve(name);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
