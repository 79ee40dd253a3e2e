package io.logspout.adapter.otlp;

import com.google.protobuf.CodedOutputStream;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reference for {@link OtlpProtobuf}: the same request built with the OpenTelemetry
 * protocol's own generated classes (what the adapter used first; the hand encoder is faster and
 * must give the same bytes).
 */
final class GeneratedOtlp implements OtlpAdapter.Encoding {
    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName(OtlpNames.SCOPE).build();
    private static final int MAX_CACHED_CONTAINERS = 256;
    private static final AnyValue STDOUT = string(LogMessage.STDOUT);
    private static final AnyValue STDERR = string(LogMessage.STDERR);

    private final Map<ContainerInfo, Resource> resources = new IdentityHashMap<>();
    private byte[] scratch = new byte[64 * 1024];

    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public void write(OtlpBatch batch, Output out) {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        long observed = batch.observedNanos();
        for (OtlpBatch.Group group : batch.groups()) {
            ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(SCOPE);
            for (LogMessage message : group.messages) {
                scope.addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(message.timeNanos())
                        .setObservedTimeUnixNano(observed)
                        .setBody(string(message.data()))
                        .addAttributes(attribute(OtlpNames.IOSTREAM, LogMessage.STDERR.equals(message.source()) ? STDERR : string(message.source())))
                        .addAttributes(attribute(OtlpNames.RECORD_UID, string(message.key()))));
            }
            request.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(group.container, batch.hostName())).addScopeLogs(scope));
        }
        ExportLogsServiceRequest built = request.build();
        int size = built.getSerializedSize();
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        try {
            CodedOutputStream coded = CodedOutputStream.newInstance(scratch, 0, size);
            built.writeTo(coded);
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an array of the exact size does not fail
        }
        out.write(scratch, 0, size);
    }

    private Resource resource(ContainerInfo container, String hostName) {
        Resource resource = resources.get(container);
        if (resource == null) {
            if (resources.size() >= MAX_CACHED_CONTAINERS) {
                resources.clear();
            }
            Resource.Builder builder = Resource.newBuilder();
            OtlpNames.resourceAttributes(container, hostName, (key, value) -> builder.addAttributes(attribute(key, string(value))));
            resource = builder.build();
            resources.put(container, resource);
        }
        return resource;
    }

    private static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }
}
