package io.logspout.adapter.json;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.Map;

/**
 * The {@code json} adapter: newline-delimited JSON, each message in logspout's JSON form
 * ({@link MessageJson}, the shape of {@code /logs} JSON, on one line), for webhooks and ingest
 * endpoints: {@code json+https://hooks.example.com:443/ingest}. One POST per batch; NDJSON
 * concatenates, so each message is written as it comes. Any path; {@code transport-http}'s options.
 */
public final class JsonAdapterFactory implements AdapterFactory {

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
        return new JsonAdapter(new MessageJson(ZoneId.systemDefault(), false));
    }

    private static final class JsonAdapter implements Adapter {
        private final MessageJson json;
        private final OutputView view = new OutputView();

        JsonAdapter(MessageJson json) {
            this.json = json;
        }

        @Override
        public void encode(LogMessage message, Output out) {
            view.target = out;
            json.write(message, view);
        }

        @Override
        public Map<String, String> defaultOptions() {
            return Map.of("header.Content-Type", "application/x-ndjson", "batch.linger", "100ms");
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
