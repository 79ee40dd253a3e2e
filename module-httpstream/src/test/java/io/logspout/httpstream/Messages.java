package io.logspout.httpstream;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Containers and messages for the format tests. */
final class Messages {
    private Messages() {
    }

    static ContainerInfo container(String name) {
        return container(name, Integer.toHexString(name.hashCode()));
    }

    /** A container whose 64-character id starts with {@code idPrefix}. */
    static ContainerInfo container(String name, String idPrefix) {
        String id = (idPrefix + "0".repeat(64)).substring(0, 64);
        Map<String, Object> inspect = new LinkedHashMap<>();
        inspect.put("Id", id);
        inspect.put("Name", "/" + name);
        inspect.put("Config", Map.of("Labels", Map.of()));
        inspect.put("Args", List.of());
        return new ContainerInfo(id, "/" + name, "busybox", "sha256:1", name, Map.of(), List.of(), 1, false, inspect);
    }

    static LogMessage line(ContainerInfo container, String data) {
        return new LogMessage(container, LogMessage.STDOUT, data, 1_700_000_000_123_000_000L);
    }

    /** What {@code format} makes of {@code messages}, as text. */
    static String render(MessageFormat format, LogMessage... messages) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (LogMessage message : messages) {
                format.append(message, out);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
