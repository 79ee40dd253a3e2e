package io.logspout.adapter.otlp;

import io.logspout.api.ContainerInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The OpenTelemetry attribute names logspout sets, and a container's resource attributes, for both encodings. */
final class OtlpNames {
    static final String SCOPE = "logspout";
    static final String CONTAINER_ID = "container.id";
    static final String CONTAINER_NAME = "container.name";
    static final String IMAGE_NAME = "container.image.name";
    static final String HOST_NAME = "host.name";
    static final String LABEL_PREFIX = "container.label.";
    static final String IOSTREAM = "log.iostream";
    static final String RECORD_UID = "log.record.uid";

    private OtlpNames() {
    }

    /** Calls {@code attribute} with each resource attribute of {@code container}, labels sorted by key. */
    static void resourceAttributes(ContainerInfo container, String hostName, BiConsumer<String, String> attribute) {
        attribute.accept(CONTAINER_ID, container.id());
        attribute.accept(CONTAINER_NAME, container.bareName());
        attribute.accept(IMAGE_NAME, container.image());
        attribute.accept(HOST_NAME, hostName);
        for (Map.Entry<String, String> label : new TreeMap<>(container.labels()).entrySet()) {
            attribute.accept(LABEL_PREFIX + label.getKey(), label.getValue());
        }
    }
}
