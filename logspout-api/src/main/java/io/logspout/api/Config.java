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
}
