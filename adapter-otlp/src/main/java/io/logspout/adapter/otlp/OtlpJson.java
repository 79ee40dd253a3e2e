package io.logspout.adapter.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * OTLP/JSON ({@code format=json}): the same request as {@link OtlpProtobuf} in the protocol's
 * JSON mapping: lowerCamelCase keys, 64-bit integers as decimal strings, values as
 * {@code {"stringValue": ...}}.
 */
final class OtlpJson implements OtlpAdapter.Encoding {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Reused for every batch; its bytes are copied into the route's output. */
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public void write(OtlpBatch batch, Output out) {
        body.reset();
        String observed = Long.toUnsignedString(batch.observedNanos());
        try (JsonGenerator json = FACTORY.createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("resourceLogs");
            for (OtlpBatch.Group group : batch.groups()) {
                json.writeStartObject();
                json.writeObjectFieldStart("resource");
                json.writeArrayFieldStart("attributes");
                OtlpNames.resourceAttributes(group.container, batch.hostName(), (key, value) -> attribute(json, key, value));
                json.writeEndArray();
                json.writeEndObject();
                json.writeArrayFieldStart("scopeLogs");
                json.writeStartObject();
                json.writeObjectFieldStart("scope");
                json.writeStringField("name", OtlpNames.SCOPE);
                json.writeEndObject();
                json.writeArrayFieldStart("logRecords");
                for (LogMessage message : group.messages) {
                    json.writeStartObject();
                    json.writeStringField("timeUnixNano", Long.toUnsignedString(message.timeNanos()));
                    json.writeStringField("observedTimeUnixNano", observed);
                    json.writeObjectFieldStart("body");
                    json.writeStringField("stringValue", message.data());
                    json.writeEndObject();
                    json.writeArrayFieldStart("attributes");
                    attribute(json, OtlpNames.IOSTREAM, message.source());
                    attribute(json, OtlpNames.RECORD_UID, message.key());
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        out.write(body.toByteArray());
    }

    private static void attribute(JsonGenerator json, String key, String value) {
        try {
            json.writeStartObject();
            json.writeStringField("key", key);
            json.writeObjectFieldStart("value");
            json.writeStringField("stringValue", value);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
