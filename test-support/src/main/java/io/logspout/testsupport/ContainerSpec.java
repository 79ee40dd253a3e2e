package io.logspout.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What container {@link DockerHost#run(ContainerSpec)} starts: a shell script run by
 * {@code sh -c} in the busybox test image, with optional env, labels, TTY, hostname and log
 * driver. Immutable: each {@code with}-style method returns a new spec.
 *
 * <pre>{@code
 * docker.run(ContainerSpec.script("echo hello; sleep 600").namePrefix("pump").label("team", "a"))
 * }</pre>
 */
public final class ContainerSpec {
    /** The busybox image that scripts/test.sh imports; see testing.md for its commands. */
    public static final String BUSYBOX = "logspout-test/busybox:latest";
    private static final String DEFAULT_NAME_PREFIX = "logspout-test";

    private final String script;
    private final String image;
    private final String namePrefix;
    private final Map<String, String> env;
    private final Map<String, String> labels;
    private final boolean tty;
    private final String hostname;
    private final String logDriver;
    private final boolean restartAlways;
    private final Map<String, String> logOptions;

    private ContainerSpec(String script, String image, String namePrefix, Map<String, String> env,
            Map<String, String> labels, boolean tty, String hostname, String logDriver, boolean restartAlways,
            Map<String, String> logOptions) {
        this.script = script;
        this.image = image;
        this.namePrefix = namePrefix;
        this.env = env;
        this.labels = labels;
        this.tty = tty;
        this.hostname = hostname;
        this.logDriver = logDriver;
        this.restartAlways = restartAlways;
        this.logOptions = logOptions;
    }

    /**
     * A container that runs {@code sh -c script} in the busybox image. The image has sh echo
     * sleep cat seq yes printf head tr dd awk sed env true false.
     */
    public static ContainerSpec script(String script) {
        return new ContainerSpec(script, BUSYBOX, DEFAULT_NAME_PREFIX, Map.of(), Map.of(), false, null, null, false, Map.of());
    }

    /** Runs another (locally present) image; it must have {@code sh}. */
    public ContainerSpec image(String image) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** The container's name is this prefix, a dash and a random suffix, unique per run. */
    public ContainerSpec namePrefix(String namePrefix) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** Adds an environment variable (e.g. {@code LOGSPOUT=ignore}). */
    public ContainerSpec env(String key, String value) {
        return new ContainerSpec(script, image, namePrefix, with(env, key, value), labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** Adds a label. */
    public ContainerSpec label(String key, String value) {
        return new ContainerSpec(script, image, namePrefix, env, with(labels, key, value), tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** Gives the container a TTY ({@code docker run -t}): its output is one raw stream. */
    public ContainerSpec tty(boolean tty) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** Sets the container's hostname (Docker's default is the short container id). */
    public ContainerSpec hostname(String hostname) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /** Sets the log driver ({@code json-file} by default; {@code local} is read too, {@code none} has no logs to read). */
    public ContainerSpec logDriver(String logDriver) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, logOptions);
    }

    /**
     * Runs it with {@code --restart always}: the engine starts it again when it exits and when the
     * engine itself restarts ({@link DockerHost#restartEngine()}).
     */
    public ContainerSpec restartAlways() {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, true, logOptions);
    }

    /** Adds a log driver option ({@code docker run --log-opt key=value}), e.g. {@code max-size}. */
    public ContainerSpec logOption(String key, String value) {
        return new ContainerSpec(script, image, namePrefix, env, labels, tty, hostname, logDriver, restartAlways, with(logOptions, key, value));
    }

    String namePrefix() {
        return namePrefix;
    }

    /** The options and command of {@code docker create} / {@code docker run -d}, after the verb. */
    List<String> createArguments(String name, Map<String, String> ownLabels) {
        List<String> args = new ArrayList<>(List.of("--network", "none", "--name", name));
        if (tty) {
            args.add("--tty");
        }
        if (hostname != null) {
            args.addAll(List.of("--hostname", hostname));
        }
        if (logDriver != null) {
            args.addAll(List.of("--log-driver", logDriver));
        }
        if (restartAlways) {
            args.addAll(List.of("--restart", "always"));
        }
        logOptions.forEach((key, value) -> args.addAll(List.of("--log-opt", key + "=" + value)));
        env.forEach((key, value) -> args.addAll(List.of("--env", key + "=" + value)));
        ownLabels.forEach((key, value) -> args.addAll(List.of("--label", key + "=" + value)));
        labels.forEach((key, value) -> args.addAll(List.of("--label", key + "=" + value)));
        args.addAll(List.of(image, "sh", "-c", script));
        return args;
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    @Override
    public String toString() {
        return "ContainerSpec[" + String.join(" ", createArguments(namePrefix + "-*", Map.of())) + "]";
    }
}
