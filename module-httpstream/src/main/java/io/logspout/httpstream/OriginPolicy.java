package io.logspout.httpstream;

import io.logspout.api.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open a WebSocket stream: a browser sends the page's {@code Origin} with
 * the upgrade, and any page on the web could otherwise read the host's container logs through a
 * visitor's browser. By default only pages served from the host the request names (its
 * {@code Host} header) may; {@code HTTPSTREAM_ALLOWED_ORIGINS} replaces that with a list of
 * origins, or {@code *} for any. An upgrade without {@code Origin} is refused, as logspout did.
 */
final class OriginPolicy {
    static final String SETTING = "HTTPSTREAM_ALLOWED_ORIGINS";

    private final boolean any;
    /** Normalized {@code scheme://host:port} entries; empty means same host only. */
    private final List<String> allowed;

    private OriginPolicy(boolean any, List<String> allowed) {
        this.any = any;
        this.allowed = allowed;
    }

    /** Reads the comma-separated setting; null or blank gives the same-host default. */
    static OriginPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return new OriginPolicy(false, List.of());
        }
        boolean any = false;
        Set<String> allowed = new LinkedHashSet<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.equals("*")) {
                any = true;
            } else if (!trimmed.isEmpty()) {
                String normalized = normalize(trimmed);
                if (normalized == null) {
                    throw new ConfigException(SETTING + "=" + value + ": '" + trimmed + "' is not an origin; give scheme://host[:port]"
                            + " entries (http or https, no path) separated by commas, e.g. https://logs.example.com,http://localhost:3000,"
                            + " or * for any origin");
                }
                allowed.add(normalized);
            }
        }
        return new OriginPolicy(any, List.copyOf(allowed));
    }

    /** Whether a WebSocket upgrade from {@code origin} to a request naming {@code host} may go ahead. */
    boolean allows(String origin, String host) {
        if (origin == null) {
            return false;
        }
        if (any) {
            return true;
        }
        String normalized = normalize(origin);
        if (normalized == null) {
            return false;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(normalized);
        }
        return host != null && sameHost(normalized, host);
    }

    /** {@code Host: h} (no port) stands for the origin scheme's default port: a proxy may have taken TLS off. */
    private static boolean sameHost(String origin, String host) {
        URI hostUri = uri("http://" + host.strip());
        if (hostUri == null || hostUri.getHost() == null) {
            return false;
        }
        URI originUri = URI.create(origin);
        boolean hostMatches = originUri.getHost().equalsIgnoreCase(hostUri.getHost());
        return hostMatches && (hostUri.getPort() < 0 ? originUri.getPort() == defaultPort(originUri.getScheme()) : originUri.getPort() == hostUri.getPort());
    }

    /** {@code scheme://host:port} in lower case with the port spelled out, or null when not an http(s) origin. */
    private static String normalize(String origin) {
        URI uri = uri(origin);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = defaultPort(scheme);
        if (port < 0) {
            return null;
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + (uri.getPort() < 0 ? port : uri.getPort());
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return any ? "*" : allowed.isEmpty() ? "same host" : String.join(",", allowed);
    }
}
