package io.logspout.template;

import io.logspout.api.LogMessage;
import java.util.List;

/**
 * The value of {@code .} and {@code $}: the message as Go logspout's {@code router.Message}
 * struct, whose fields print and marshal in declaration order.
 */
record MessageView(LogMessage message, GoZone zone) {
    /** The struct's fields in Go's declaration order (what {@code toJSON .} writes). */
    static final List<String> FIELDS = List.of("Container", "Source", "Data", "Time");
    /**
     * What a template may name: Go's fields, and {@code Key}, the line's stable key
     * ({@link LogMessage#key()}), which Go's struct does not have and so {@code toJSON .} leaves out.
     */
    static final List<String> NAMES = List.of("Container", "Source", "Data", "Time", "Key");

    Object field(String name) {
        return switch (name) {
            case "Container" -> ContainerView.of(message.container());
            case "Source" -> message.source();
            case "Data" -> message.data();
            case "Time" -> GoTime.ofNanos(message.timeNanos(), zone);
            case "Key" -> message.key();
            default -> GoValues.MISSING;
        };
    }
}
