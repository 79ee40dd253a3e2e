package io.logspout.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where messages go and which ones: a destination ({@code adapter}, {@code address},
 * {@code options}) and filters. The components are in the order of the JSON that logspout's
 * routes API and its route files use: {@code id}, {@code filter_id}, {@code filter_name},
 * {@code filter_sources}, {@code filter_labels}, {@code adapter}, {@code address},
 * {@code options}.
 *
 * @param id unique id; generated (12 hex characters) when a route is added without one
 * @param filterId a prefix of the container's short id, or its full id; empty for any
 * @param filterName a {@code path.Match} glob on the container name without its {@code /}
 * @param filterSources the sources to keep ({@code stdout}, {@code stderr}); empty for all
 * @param filterLabels {@code key:glob} entries that must all match the container's labels
 * @param adapter the adapter chain and transport, {@code +}-separated ({@code syslog+tls},
 *     {@code multiline+raw+tcp})
 * @param address {@code host:port} of the destination
 * @param options every other query key of the route URI; sorted by key
 */
public record Route(
        String id,
        String filterId,
        String filterName,
        List<String> filterSources,
        List<String> filterLabels,
        String adapter,
        String address,
        Map<String, String> options) {

    /** What {@link #masked()} shows instead of a secret. */
    public static final String MASK = "****";
    private static final String SECRET_PREFIX = "header.";

    public Route {
        id = id == null ? "" : id;
        filterId = filterId == null ? "" : filterId;
        filterName = filterName == null ? "" : filterName;
        filterSources = filterSources == null ? List.of() : List.copyOf(filterSources);
        filterLabels = filterLabels == null ? List.of() : List.copyOf(filterLabels);
        adapter = adapter == null ? "" : adapter;
        address = address == null ? "" : address;
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** The first segment of {@link #adapter()}: {@code syslog} for {@code syslog+tls}. */
    public String adapterType() {
        int plus = adapter.indexOf('+');
        return plus < 0 ? adapter : adapter.substring(0, plus);
    }

    /** The value of option {@code key}, or {@code fallback} when it is absent or empty. */
    public String option(String key, String fallback) {
        String value = options.get(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** True when the route has no filter at all. */
    public boolean matchesAll() {
        return filterId.isEmpty() && filterName.isEmpty() && filterSources.isEmpty() && filterLabels.isEmpty();
    }

    /** True when the route can match more than one container (no filter, or a name glob with {@code *}). */
    public boolean multiContainer() {
        return matchesAll() || filterName.contains("*");
    }

    /**
     * Whether option {@code key} holds a secret whose value is never shown (routes API answers,
     * the banner, logs): HTTP headers ({@code header.Authorization}, any {@code header.*}), and
     * any key naming a password, a token or a secret. Such options are still stored as given.
     */
    public static boolean isSecretOption(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith(SECRET_PREFIX) || lower.contains("password") || lower.contains("token") || lower.contains("secret");
    }

    /** This route as it may be shown: the value of every {@link #isSecretOption secret option} is {@value #MASK}. */
    public Route masked() {
        if (options.keySet().stream().noneMatch(Route::isSecretOption)) {
            return this;
        }
        Map<String, String> shown = new TreeMap<>(options);
        shown.replaceAll((key, value) -> isSecretOption(key) && !value.isEmpty() ? MASK : value);
        return new Route(id, filterId, filterName, filterSources, filterLabels, adapter, address, shown);
    }

    public Route withId(String newId) {
        return new Route(newId, filterId, filterName, filterSources, filterLabels, adapter, address, options);
    }

    public Route withAdapter(String newAdapter) {
        return new Route(id, filterId, filterName, filterSources, filterLabels, newAdapter, address, options);
    }

    public Route withAddress(String newAddress) {
        return new Route(id, filterId, filterName, filterSources, filterLabels, adapter, newAddress, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Route}; every field is optional. */
    public static final class Builder {
        private String id = "";
        private String filterId = "";
        private String filterName = "";
        private List<String> filterSources = List.of();
        private List<String> filterLabels = List.of();
        private String adapter = "";
        private String address = "";
        private final Map<String, String> options = new TreeMap<>();

        private Builder() {
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder filterId(String value) {
            filterId = value;
            return this;
        }

        public Builder filterName(String value) {
            filterName = value;
            return this;
        }

        public Builder filterSources(List<String> value) {
            filterSources = Objects.requireNonNull(value);
            return this;
        }

        public Builder filterLabels(List<String> value) {
            filterLabels = Objects.requireNonNull(value);
            return this;
        }

        public Builder adapter(String value) {
            adapter = value;
            return this;
        }

        public Builder address(String value) {
            address = value;
            return this;
        }

        public Builder option(String key, String value) {
            options.put(key, value);
            return this;
        }

        public Builder options(Map<String, String> values) {
            options.putAll(values);
            return this;
        }

        public Route build() {
            return new Route(id, filterId, filterName, filterSources, filterLabels, adapter, address, options);
        }
    }
}
