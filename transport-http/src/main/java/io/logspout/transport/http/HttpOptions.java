package io.logspout.transport.http;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A route's HTTP options, read and checked in one place.
 *
 * @param path the request path ({@code path}, from the route URI's path; default {@code /})
 * @param headers request headers from {@code header.<Name>=<value>} options, {@code $VAR} expanded
 * @param gzip {@code compression=gzip}: request bodies are gzipped ({@code Content-Encoding: gzip})
 * @param connectTimeout {@code connect_timeout}: how long connecting (and the TLS handshake) may take
 * @param timeout {@code timeout}: how long a request may wait for its answer
 * @param answerCheck {@code answer}: what reads a {@code 2xx} answer's body; null when the status is enough
 */
record HttpOptions(String path, Map<String, String> headers, boolean gzip, Duration connectTimeout, Duration timeout, AnswerCheck answerCheck) {
    static final String PATH = "path";
    static final String HEADER_PREFIX = "header.";
    static final String COMPRESSION = "compression";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String TIMEOUT = "timeout";
    static final String ANSWER = "answer";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** The {@link AnswerCheck}s on logspout's class path, by name. */
    private static final Map<String, AnswerCheck> ANSWER_CHECKS = answerChecks();

    /**
     * @throws ConfigException naming the option, its value and what is accepted
     */
    static HttpOptions from(Map<String, String> options, Config config) {
        String path = options.getOrDefault(PATH, "");
        if (path.isEmpty()) {
            path = "/";
        } else if (!path.startsWith("/")) {
            throw new ConfigException("route option " + PATH + "=" + path + " is not a path; write it with a leading /, e.g. /v1/logs");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(HEADER_PREFIX)) {
                headers.put(headerName(key), headerValue(key, config.expand(value)));
            }
        });
        String compression = options.getOrDefault(COMPRESSION, "none");
        if (!compression.equals("none") && !compression.equals("gzip") && !compression.isEmpty()) {
            throw new ConfigException("route option " + COMPRESSION + "=" + compression + " is not known; use gzip or none (the default)");
        }
        return new HttpOptions(path, Map.copyOf(headers), compression.equals("gzip"),
                duration(options, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT), duration(options, TIMEOUT, DEFAULT_TIMEOUT), answerCheck(options));
    }

    private static AnswerCheck answerCheck(Map<String, String> options) {
        String name = options.getOrDefault(ANSWER, "");
        if (name.isEmpty() || name.equals("status")) {
            return null;
        }
        AnswerCheck check = ANSWER_CHECKS.get(name);
        if (check == null) {
            throw new ConfigException("route option " + ANSWER + "=" + name + " is not known; use status (the default: a 2xx is enough)"
                    + ANSWER_CHECKS.keySet().stream().sorted().map(known -> " or " + known).collect(Collectors.joining()));
        }
        return check;
    }

    private static Map<String, AnswerCheck> answerChecks() {
        Map<String, AnswerCheck> checks = new HashMap<>();
        ServiceLoader.load(AnswerCheck.class, HttpOptions.class.getClassLoader()).forEach(check -> checks.putIfAbsent(check.name(), check));
        return Map.copyOf(checks);
    }

    private static String headerName(String key) {
        String name = key.substring(HEADER_PREFIX.length());
        boolean token = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
        if (!token) {
            throw new ConfigException("route option " + key + " does not name a header; write header.<Name>=<value>, e.g. header.Authorization=Bearer%20$TOKEN");
        }
        if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("route option " + key + " sets a header the HTTP client sets itself (" + String.join(", ", RESTRICTED.stream().sorted().toList()) + "); leave it out");
        }
        return name;
    }

    private static String headerValue(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new ConfigException("route option " + key + " has a control character (code " + (int) c + ") in its value; a header value is one line of text");
            }
        }
        return value;
    }

    /** A whole number with {@code ms}, {@code s} or {@code m}. */
    private static Duration duration(Map<String, String> options, String key, Duration fallback) {
        String value = options.getOrDefault(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        String unit = value.substring(digits);
        if (digits > 0 && digits <= 9) {
            long number = Long.parseLong(value.substring(0, digits));
            Duration parsed = switch (unit) {
                case "ms" -> Duration.ofMillis(number);
                case "s" -> Duration.ofSeconds(number);
                case "m" -> Duration.ofMinutes(number);
                default -> null;
            };
            if (parsed != null && !parsed.isZero()) {
                return parsed;
            }
        }
        throw new ConfigException("route option " + key + "=" + value + " is not a time; write a whole number with ms, s or m, e.g. " + key + "=" + fallback.toSeconds() + "s (the default)");
    }
}
