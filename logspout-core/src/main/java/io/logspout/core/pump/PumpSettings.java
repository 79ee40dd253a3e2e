package io.logspout.core.pump;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.config.GoDuration;
import io.logspout.core.router.QueueFullPolicy;
import io.logspout.core.router.RouterSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The pump's settings, read and checked once at setup.
 *
 * @param dockerHost {@code DOCKER_HOST}: {@code unix:///path} or {@code tcp://host:port}
 * @param tlsCertPath the directory with {@code ca.pem}, {@code cert.pem} and {@code key.pem} when
 *     {@code DOCKER_TLS_VERIFY} is set (to anything, as the Docker CLI reads it), else empty
 * @param apiVersion {@code DOCKER_API_VERSION} when set; otherwise paths are unversioned and the
 *     engine answers with its own version
 * @param tail {@code TAIL}: how many lines of a container's backlog to send, {@code all} or a number
 * @param backlog false when {@code BACKLOG=false}: only lines written after logspout saw the
 *     container start are sent
 * @param inactivityTimeout {@code INACTIVITY_TIMEOUT}: a log stream silent this long is opened
 *     again; zero turns this off
 * @param filter which containers are left alone
 * @param sharedReading whether the plain (not TLS) log streams are read by one shared
 *     {@link LogStreamPoller} thread: only with {@code ROUTE_QUEUE_FULL=catchup}, where publishing
 *     a line never waits. With {@code block} (and {@code drop}, for its stall timeout) a reader waits
 *     for room in a full route's queue, and a shared thread that waits stalls every container: each
 *     container's thread reads its own stream then.
 */
record PumpSettings(
        URI dockerHost,
        Optional<String> tlsCertPath,
        Optional<String> apiVersion,
        String tail,
        boolean backlog,
        Duration inactivityTimeout,
        ContainerFilter filter,
        boolean sharedReading) {

    static final String DOCKER_HOST = "DOCKER_HOST";
    static final String DOCKER_TLS_VERIFY = "DOCKER_TLS_VERIFY";
    static final String DOCKER_CERT_PATH = "DOCKER_CERT_PATH";
    static final String DOCKER_API_VERSION = "DOCKER_API_VERSION";
    static final String TAIL = "TAIL";
    static final String BACKLOG = "BACKLOG";
    static final String INACTIVITY_TIMEOUT = "INACTIVITY_TIMEOUT";

    static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    static final String ALL = "all";

    static PumpSettings from(Config config) {
        return new PumpSettings(
                dockerHost(config),
                tlsCertPath(config),
                apiVersion(config),
                tail(config),
                backlog(config),
                inactivityTimeout(config),
                ContainerFilter.from(config),
                RouterSettings.from(config).queueFullPolicy() == QueueFullPolicy.CATCHUP);
    }

    private static URI dockerHost(Config config) {
        String value = config.get(DOCKER_HOST, DEFAULT_DOCKER_HOST);
        String accepted = "; use unix:///path/to/docker.sock or tcp://host:port, e.g. " + DOCKER_HOST + "=" + DEFAULT_DOCKER_HOST;
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DOCKER_HOST + "=" + value + " is not a URI" + accepted, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean valid = switch (scheme) {
            case "unix" -> uri.getPath() != null && !uri.getPath().isEmpty();
            case "tcp" -> uri.getHost() != null && uri.getPort() > 0;
            default -> false;
        };
        if (!valid) {
            throw new ConfigException(DOCKER_HOST + "=" + value + " is not a Docker address" + accepted);
        }
        return uri;
    }

    private static Optional<String> tlsCertPath(Config config) {
        if (config.get(DOCKER_TLS_VERIFY).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(config.get(DOCKER_CERT_PATH).orElseGet(() -> config.get("HOME", System.getProperty("user.home")) + "/.docker"));
    }

    private static Optional<String> apiVersion(Config config) {
        Optional<String> value = config.get(DOCKER_API_VERSION);
        if (value.isPresent() && !value.get().matches("[1-9][0-9]*\\.[0-9]+")) {
            throw new ConfigException(DOCKER_API_VERSION + "=" + value.get()
                    + " is not an API version; use major.minor, e.g. 1.41, or leave it unset to use the engine's");
        }
        return value;
    }

    private static String tail(Config config) {
        String value = config.get(TAIL, ALL);
        if (!value.equals(ALL) && !value.matches("[0-9]{1,9}")) {
            throw new ConfigException(TAIL + "=" + value + " is not a line count; use all or a whole number of lines, e.g. " + TAIL + "=100");
        }
        return value;
    }

    private static boolean backlog(Config config) {
        String value = config.get(BACKLOG, "true");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(BACKLOG + "=" + value
                    + " is not true or false; use " + BACKLOG + "=false to send only lines written after logspout saw a container start");
        };
    }

    private static Duration inactivityTimeout(Config config) {
        Duration timeout = GoDuration.parse(INACTIVITY_TIMEOUT, config.get(INACTIVITY_TIMEOUT, "0"));
        if (timeout.isNegative()) {
            throw new ConfigException(INACTIVITY_TIMEOUT + "=" + config.raw(INACTIVITY_TIMEOUT)
                    + " is negative; use a positive duration such as 1m, or 0 to turn the timeout off");
        }
        return timeout;
    }
}
