package io.logspout.core.route;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.HostPort;
import io.logspout.api.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads logspout's route URIs ({@code ROUTE_URIS} or the first argument):
 * {@code adapter[+transport]://host:port[?key=value[&key=value...]]}, several separated by
 * commas, as logspout's {@code RouteManager.AddFromURI} does with Go's standard library:
 *
 * <ol>
 *   <li>The list is split at every comma (a comma inside a value is written {@code %2C}).</li>
 *   <li>Each route has {@code $VAR} and {@code ${VAR}} replaced by their values, as Go's
 *       {@code os.ExpandEnv}: an unset variable becomes empty, {@code $$} is the (unset)
 *       variable {@code $}, a {@code $} before anything else stays.</li>
 *   <li>It is read as Go's {@code url.Parse} reads it: the scheme, lowercased, is the adapter;
 *       {@code host:port} is the address; the path, when there is one beyond {@code /}, is
 *       the option {@value #PATH_OPTION} (for HTTP destinations; logspout dropped it, as it
 *       drops user info and the fragment).</li>
 *   <li>The query is read as Go 1.13's {@code url.ParseQuery}: {@code &} and {@code ;} separate
 *       pairs, {@code %XX} and {@code +} (a space) are decoded, and the first value of a key
 *       wins. {@code filter.id}, {@code filter.name}, {@code filter.labels} and
 *       {@code filter.sources} (the last two comma lists) set filters; any other key is an
 *       adapter option.</li>
 * </ol>
 *
 * <p>Stricter than logspout, which would only fail later at dial time or create a route that
 * never works: a route needs an adapter, a {@code //}, and a valid {@code host:port}. An empty
 * route ({@code a,,b}, a trailing comma) is an error, as in logspout. Blanks around a route
 * are ignored, so a list can be spread over lines.
 */
public final class RouteUris {
    /** The option that holds the URI's path ({@code /ingest} of {@code json+https://host:443/ingest}). */
    public static final String PATH_OPTION = "path";
    private static final String FORM = "write adapter[+transport]://host:port[?key=value&...], e.g. syslog+tcp://logs.example.com:514?filter.name=*_app";

    private RouteUris() {
    }

    /**
     * Parses a comma-separated list of route URIs; a blank list has no routes.
     *
     * @param env the variables {@code $VAR} refers to
     * @throws ConfigException naming the route, what is wrong with it and what is accepted
     */
    public static List<Route> parse(String list, Config env) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        for (String piece : list.split(",", -1)) {
            String given = piece.strip();
            if (given.isEmpty()) {
                throw new ConfigException("route list '" + list + "' has an empty route between commas; separate routes with a single comma and end the list without one");
            }
            String expanded = env.expand(given).strip();
            String shown = expanded.equals(given) ? "'" + masked(given) + "'" : "'" + masked(given) + "' (after expanding variables: '" + masked(expanded) + "')";
            try {
                routes.add(parseOne(expanded).withId(stableId(expanded, routes)));
            } catch (ConfigException e) {
                throw new ConfigException("route " + shown + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }

    /**
     * The id of a route given as a URI: 12 hex digits of the URI's SHA-256, the same on every start
     * (its cursors are kept under it, see {@code CHECKPOINT_PATH}); a repeated URI gets the hash
     * of the URI and its repeat count.
     */
    static String stableId(String uri, List<Route> before) {
        int repeat = 0;
        String id;
        do {
            id = sha256Prefix(repeat == 0 ? uri : uri + "#" + repeat);
            repeat++;
        } while (hasId(before, id));
        return id;
    }

    private static boolean hasId(List<Route> routes, String id) {
        return routes.stream().anyMatch(route -> route.id().equals(id));
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code uri} with the values of its {@link Route#isSecretOption secret} query keys masked, for error messages. */
    static String masked(String uri) {
        int question = uri.indexOf('?');
        if (question < 0) {
            return uri;
        }
        StringBuilder shown = new StringBuilder(uri.length()).append(uri, 0, question + 1);
        String[] pairs = uri.substring(question + 1).split("(?<=[&;])", -1);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            boolean separated = pair.endsWith("&") || pair.endsWith(";");
            if (eq > 0 && Route.isSecretOption(pair.substring(0, eq))) {
                shown.append(pair, 0, eq + 1).append(Route.MASK).append(separated ? pair.substring(pair.length() - 1) : "");
            } else {
                shown.append(pair);
            }
        }
        return shown.toString();
    }

    private static Route parseOne(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ConfigException("it has a control character (code " + (int) c + "); " + FORM);
            }
        }
        int hash = uri.indexOf('#');
        String rest = hash < 0 ? uri : uri.substring(0, hash);
        if (hash >= 0) {
            checkEscapes(uri.substring(hash + 1), "fragment");
        }

        int colon = schemeEnd(rest);
        if (colon < 0) {
            throw new ConfigException("no adapter: it does not start with a name like raw: or syslog+tcp: (letters, digits, '+', '-', '.'); " + FORM);
        }
        String adapter = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        rest = rest.substring(colon + 1);

        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("//")) {
            throw new ConfigException("no //host:port after '" + adapter + ":'; " + FORM);
        }
        int slash = rest.indexOf('/', 2);
        String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
        if (slash >= 0) {
            checkEscapes(rest.substring(slash), "path");
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            checkEscapes(authority.substring(0, at), "user info");
        }
        // Go unescapes the host: only an IPv6 zone's "%25" is of any use there.
        String address = unescape(authority.substring(at + 1), false, "address");
        if (address.isEmpty()) {
            throw new ConfigException("no host:port after '" + adapter + "://'; " + FORM);
        }
        // Its syntax only: the port may be left to the adapter's or transport's default, which RouteCompiler applies.
        HostPort.parse(address, 1);

        Route.Builder route = Route.builder().adapter(adapter).address(address);
        if (slash >= 0 && slash < rest.length() - 1) {
            route.option(PATH_OPTION, unescape(rest.substring(slash), false, "path"));
        }
        parseQuery(query).forEach((key, value) -> {
            switch (key) {
                case "filter.id" -> route.filterId(value);
                case "filter.name" -> route.filterName(value);
                case "filter.labels" -> route.filterLabels(Arrays.asList(value.split(",", -1)));
                case "filter.sources" -> route.filterSources(Arrays.asList(value.split(",", -1)));
                default -> route.option(key, value);
            }
        });
        return route.build();
    }

    /** Go's {@code getscheme}: the index of the ':' ending a valid scheme, or -1. */
    private static int schemeEnd(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' && i > 0 ? i : -1;
        }
        return -1;
    }

    /** Go 1.13's {@code url.ParseQuery}, keeping the first value of each key. */
    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("[&;]", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = unescape(eq < 0 ? pair : pair.substring(0, eq), true, "query");
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), true, "query");
            values.putIfAbsent(key, value);
        }
        return values;
    }

    /**
     * Go's {@code url.unescape}: {@code %XX} is a byte, and in a query {@code +} is a space; the
     * bytes are read as UTF-8.
     */
    private static String unescape(String s, boolean plusIsSpace, String where) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        checkEscapes(s, where);
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int size = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                out[size++] = (byte) (hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out[size++] = plusIsSpace && b == '+' ? (byte) ' ' : b;
            }
        }
        return new String(out, 0, size, StandardCharsets.UTF_8);
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Go's rule for every part of a URL: a {@code %} starts two hex digits. */
    private static void checkEscapes(String part, String where) {
        for (int i = part.indexOf('%'); i >= 0; i = part.indexOf('%', i + 3)) {
            if (i + 2 >= part.length() || hex(part.charAt(i + 1)) < 0 || hex(part.charAt(i + 2)) < 0) {
                String escape = part.substring(i, Math.min(i + 3, part.length()));
                throw new ConfigException("bad escape '" + escape + "' in the " + where + ": % starts two hex digits, a literal % is written %25");
            }
        }
    }
}
