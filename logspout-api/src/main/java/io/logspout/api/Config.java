package io.logspout.api;

import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of logspout's settings: the process environment in production, a map in
 * tests. As in logspout, a variable that is set but empty counts as unset.
 */
@FunctionalInterface
public interface Config {

    /** The raw value of {@code name}, or null when it is unset. */
    String raw(String name);

    /** The value of {@code name} when it is set and not empty. */
    default Optional<String> get(String name) {
        String value = raw(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The value of {@code name} when it is set and not empty, else {@code fallback}. */
    default String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** True only when {@code name} is exactly {@code true}, as logspout reads its flags. */
    default boolean isTrue(String name) {
        return "true".equals(raw(name));
    }

    /** The process environment. */
    static Config environment() {
        return System::getenv;
    }

    /** A fixed set of values, for tests and for embedding. */
    static Config of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return copy::get;
    }

    /** This configuration with {@code overrides} taking precedence. */
    default Config withOverrides(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        Config base = this;
        return name -> copy.containsKey(name) ? copy.get(name) : base.raw(name);
    }

    /** Reads an integer setting, failing with a message that names it. */
    default int getInt(String name, int fallback) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "=" + value.get() + " is not a whole number; set it to one, e.g. " + name + "=" + fallback);
        }
    }

    /**
     * {@code s} with {@code $VAR} and {@code ${VAR}} replaced by the values of these settings, as
     * Go's {@code os.ExpandEnv} does: an unset variable becomes empty, {@code $$} is the (unset)
     * variable {@code $}, a {@code $} before anything else stays. Route URIs are expanded so,
     * and so are HTTP header options.
     */
    default String expand(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() * 2);
        int copied = 0;
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) != '$' || j + 1 >= s.length()) {
                continue;
            }
            out.append(s, copied, j);
            int start = j + 1;
            char first = s.charAt(start);
            String name;
            int width;
            if (first == '{') {
                int close = s.indexOf('}', start + 1);
                if (start + 2 < s.length() && isShellSpecial(s.charAt(start + 1)) && s.charAt(start + 2) == '}') {
                    name = s.substring(start + 1, start + 2);
                    width = 3;
                } else if (close < 0) {
                    name = ""; // bad syntax: Go eats the "${"
                    width = 1;
                } else {
                    name = s.substring(start + 1, close); // "${}" eats itself
                    width = close - start + 1;
                }
            } else if (isShellSpecial(first)) {
                name = s.substring(start, start + 1);
                width = 1;
            } else {
                int end = start;
                while (end < s.length() && isAlphaNum(s.charAt(end))) {
                    end++;
                }
                name = s.substring(start, end);
                width = end - start;
            }
            if (!name.isEmpty()) {
                String value = raw(name);
                out.append(value == null ? "" : value);
            } else if (width == 0) {
                out.append('$'); // '$' before no name stays
            }
            j += width;
            copied = j + 1;
        }
        return out.append(s, Math.min(copied, s.length()), s.length()).toString();
    }

    private static boolean isShellSpecial(char c) {
        return "*#$@!?-0123456789".indexOf(c) >= 0;
    }

    private static boolean isAlphaNum(char c) {
        return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
