package io.logspout.adapter.loki;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code loki} adapter: Grafana Loki's push API with JSON bodies ({@code loki://loki:3100},
 * {@code loki+https://...}), one push per batch. Route options: {@code labels} (container labels
 * that become stream labels, comma-separated, {@code %2C} in a URI), {@code hostname} (the
 * {@code host} label); the path defaults to {@code /loki/api/v1/push}; any {@code transport-http}
 * option ({@code header.X-Scope-OrgID} for a tenant, {@code compression=gzip}).
 */
public final class LokiAdapterFactory implements AdapterFactory {
    static final String LABELS = "labels";
    static final String HOSTNAME = "hostname";

    @Override
    public String name() {
        return "loki";
    }

    @Override
    public String defaultTransport() {
        return "http";
    }

    /** Loki's HTTP port, with {@code http} and {@code https} alike. */
    @Override
    public int defaultPort() {
        return 3100;
    }

    @Override
    public Adapter create(AdapterContext context) {
        List<String> labels = new ArrayList<>();
        for (String label : context.route().option(LABELS, "").split(",")) {
            if (!label.isBlank()) {
                labels.add(label.strip());
            }
        }
        List<String> names = labels.stream().map(LokiLabels::name).toList();
        for (String fixed : LokiLabels.FIXED) {
            if (names.contains(fixed)) {
                throw new ConfigException("route option " + LABELS + " names a container label that becomes '" + fixed
                        + "', a label logspout sets itself (" + String.join(", ", LokiLabels.FIXED) + "); leave it out");
            }
        }
        return new LokiAdapter(new LokiLabels(context.route().option(HOSTNAME, context.hostName()), labels));
    }
}
