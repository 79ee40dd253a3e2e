package io.logspout.httpstream;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.template.GoJson;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * logspout's JSON stream: each message as Go's {@code json.MarshalIndent(msg, "", "  ")} and a
 * newline, with the keys {@code Container} (Docker's whole inspect object, with the current name
 * after a rename), {@code Source}, {@code Data} and {@code Time} (RFC 3339 with nanoseconds,
 * trailing zeros dropped, in the process's time zone), written by {@link GoJson}.
 *
 * <p>The container object is several kilobytes of JSON; it is rendered once per container view
 * and copied into each message.
 */
final class JsonFormat implements MessageFormat {
    private static final int MAX_CACHED_CONTAINERS = 256;

    private final ZoneId zone;
    private final Map<ContainerInfo, String> containers = new IdentityHashMap<>();
    /** Reused for every message: an instance serves one client on its event loop. */
    private final StringBuilder text = new StringBuilder();

    JsonFormat(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        text.setLength(0);
        text.append("{\n  \"Container\": ").append(container(message.container()));
        text.append(",\n  \"Source\": ");
        GoJson.appendString(message.source(), text);
        text.append(",\n  \"Data\": ");
        GoJson.appendString(message.data(), text);
        text.append(",\n  \"Time\": ");
        GoJson.appendTime(message.time(), zone, text);
        text.append("\n}\n");
        out.writeCharSequence(text, StandardCharsets.UTF_8);
    }

    /** The container object, indented as the value of a top-level key. */
    private String container(ContainerInfo container) {
        String rendered = containers.get(container);
        if (rendered == null) {
            if (containers.size() >= MAX_CACHED_CONTAINERS) {
                containers.clear();
            }
            StringBuilder json = new StringBuilder();
            GoJson.appendIndented(inspect(container), 1, json);
            rendered = json.toString();
            containers.put(container, rendered);
        }
        return rendered;
    }

    /** Docker's inspect object; a rename keeps the object of the first inspect, so the name is put right. */
    private static Map<String, Object> inspect(ContainerInfo container) {
        Map<String, Object> inspect = container.inspect();
        if (container.name().equals(inspect.get("Name"))) {
            return inspect;
        }
        Map<String, Object> renamed = new LinkedHashMap<>(inspect);
        renamed.put("Name", container.name());
        return renamed;
    }
}
