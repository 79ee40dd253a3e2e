package io.logspout.adapter.json;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.io.OutputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code json} adapter: newline-delimited JSON, each message in logspout's JSON form
 * ({@link MessageJson}, the shape of {@code /logs} JSON, on one line), for webhooks and ingest
 * endpoints: {@code json+https://hooks.example.com:443/ingest}. One POST per batch; NDJSON
 * concatenates, so each message is written as it comes. Any path; {@code transport-http}'s options.
 *
 * <p>With {@code format=bulk&index=<name>}, an Elasticsearch or OpenSearch {@code _bulk} body
 * instead ({@link BulkEncoder}), whose answer {@link BulkAnswer} reads item by item.
 */
public final class JsonAdapterFactory implements AdapterFactory {
    static final String FORMAT = "format";
    static final String INDEX = "index";
    private static final String CONTENT_TYPE = "application/x-ndjson";

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String defaultTransport() {
        return "http";
    }

    @Override
    public Adapter create(AdapterContext context) {
        String format = context.route().option(FORMAT, "json");
        String index = context.route().option(INDEX, "");
        return switch (format) {
            case "json" -> {
                if (!index.isEmpty()) {
                    throw new ConfigException("route option " + INDEX + "=" + index + " is for " + FORMAT + "=bulk; add " + FORMAT + "=bulk or leave " + INDEX + " out");
                }
                yield new JsonAdapter(new MessageJson(ZoneId.systemDefault(), false)::write,
                        Map.of("header.Content-Type", CONTENT_TYPE, "batch.linger", "100ms"));
            }
            case "bulk" -> new JsonAdapter(new BulkEncoder(BulkEncoder.checkIndex(index), MessageJson.document(ZoneOffset.UTC))::write,
                    Map.of("header.Content-Type", CONTENT_TYPE, "batch.linger", "100ms", "path", "/_bulk", "answer", BulkAnswer.NAME));
            default -> throw new ConfigException("route option " + FORMAT + "=" + format
                    + " is not known; use json (the default: logspout's message objects) or bulk (Elasticsearch/OpenSearch _bulk, with index=<name>)");
        };
    }

    /** Writes each message as it comes, with {@code writer}: NDJSON lines concatenate. */
    private static final class JsonAdapter implements Adapter {
        private final BiConsumer<LogMessage, OutputStream> writer;
        private final Map<String, String> defaultOptions;
        private final OutputView view = new OutputView();

        JsonAdapter(BiConsumer<LogMessage, OutputStream> writer, Map<String, String> defaultOptions) {
            this.writer = writer;
            this.defaultOptions = defaultOptions;
        }

        @Override
        public void encode(LogMessage message, Output out) {
            view.target = out;
            writer.accept(message, view);
        }

        @Override
        public Map<String, String> defaultOptions() {
            return defaultOptions;
        }
    }

    /** An {@link Output} seen as a stream, so the JSON goes straight into the route's buffer. */
    private static final class OutputView extends OutputStream {
        Output target;

        @Override
        public void write(int b) {
            target.writeByte(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            target.write(bytes, offset, length);
        }
    }
}
