package io.logspout.adapter.otlp;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;

/**
 * The {@code otlp} adapter: OpenTelemetry logs over OTLP/HTTP ({@code otlp://collector:4318},
 * {@code otlp+https://...}), one request per batch with one {@code ResourceLogs} per container.
 * Route options: {@code format=protobuf} (the default, {@code application/x-protobuf}) or
 * {@code json} (OTLP/JSON); {@code hostname} overrides {@code host.name}; the path defaults to
 * {@code /v1/logs}; any {@code transport-http} option ({@code header.*}, {@code compression}).
 */
public final class OtlpAdapterFactory implements AdapterFactory {
    static final String FORMAT = "format";
    static final String HOSTNAME = "hostname";

    @Override
    public String name() {
        return "otlp";
    }

    @Override
    public String defaultTransport() {
        return "http";
    }

    /** OTLP/HTTP's port, with {@code http} and {@code https} alike. */
    @Override
    public int defaultPort() {
        return 4318;
    }

    @Override
    public Adapter create(AdapterContext context) {
        String format = context.route().option(FORMAT, "protobuf");
        boolean json = switch (format) {
            case "protobuf" -> false;
            case "json" -> true;
            default -> throw new ConfigException("route option " + FORMAT + "=" + format + " is not an OTLP encoding; use protobuf (the default) or json");
        };
        String host = context.route().option(HOSTNAME, context.hostName());
        OtlpBatch batch = new OtlpBatch(host, context.clock());
        return new OtlpAdapter(batch, json ? new OtlpJson() : new OtlpProtobuf());
    }
}
