package io.logspout.adapter.loki;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logspout.api.Adapter;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a batch's lines and writes them in {@link #endBatch} as one Loki push body:
 * {@code {"streams":[{"stream":{labels},"values":[["<ns>","<line>",{"log_record_uid":"<key>"}],...]}]}},
 * one stream per container and source, its lines in the order they came. The third element of
 * each value is Loki's structured metadata (Loki 2.9+, schema v13): the message key, under the name
 * Loki's own OTLP ingestion gives OTLP's {@code log.record.uid}.
 */
final class LokiAdapter implements Adapter {
    static final String KEY_METADATA = "log_record_uid";
    private static final JsonFactory FACTORY = new JsonFactory();

    private record StreamKey(String containerId, String containerName, String source) {
    }

    private record Stream(ContainerInfo container, String source, List<LogMessage> lines) {
    }

    private final LokiLabels labels;
    private final Map<StreamKey, Stream> streams = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);

    LokiAdapter(LokiLabels labels) {
        this.labels = labels;
    }

    @Override
    public void encode(LogMessage message, Output out) {
        ContainerInfo container = message.container();
        streams.computeIfAbsent(new StreamKey(container.id(), container.name(), message.source()),
                key -> new Stream(container, message.source(), new ArrayList<>())).lines().add(message);
    }

    @Override
    public void endBatch(Output out) {
        if (streams.isEmpty()) {
            return;
        }
        body.reset();
        try (JsonGenerator json = FACTORY.createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("streams");
            for (Stream stream : streams.values()) {
                json.writeStartObject();
                json.writeObjectFieldStart("stream");
                for (Map.Entry<String, String> label : labels.of(stream.container(), stream.source()).entrySet()) {
                    json.writeStringField(label.getKey(), label.getValue());
                }
                json.writeEndObject();
                json.writeArrayFieldStart("values");
                for (LogMessage line : stream.lines()) {
                    json.writeStartArray();
                    json.writeString(Long.toString(line.timeNanos()));
                    json.writeString(line.data());
                    json.writeStartObject();
                    json.writeStringField(KEY_METADATA, line.key());
                    json.writeEndObject();
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        } finally {
            streams.clear();
        }
        out.write(body.toByteArray());
    }

    @Override
    public Map<String, String> defaultOptions() {
        return Map.of("path", "/loki/api/v1/push", "header.Content-Type", "application/json", "batch.linger", "100ms");
    }
}
