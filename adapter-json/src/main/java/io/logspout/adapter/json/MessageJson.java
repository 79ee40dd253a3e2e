package io.logspout.adapter.json;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.template.GoJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message in the shape of logspout's {@code /logs} JSON: the keys {@code Container} (Docker's
 * whole inspect object, with the current name after a rename), {@code Source}, {@code Data} and
 * {@code Time} (RFC 3339 with nanoseconds, trailing zeros dropped), as Go's {@code json.Marshal}
 * or {@code json.MarshalIndent(msg, "", "  ")} writes it, by {@link GoJson}.
 *
 * <p>The container object is several kilobytes of JSON; it is rendered once per container view
 * and copied into each message. Not thread-safe: one instance per route or client.
 */
public final class MessageJson {
    private static final int MAX_CACHED_CONTAINERS = 256;

    private final ZoneId zone;
    private final boolean indent;
    private final boolean brief;
    /** The key of the message's time: {@code Time}, or {@code @timestamp} in a bulk document. */
    private final String timeKey;
    private final Map<ContainerInfo, String> containers = new IdentityHashMap<>();
    /** Reused for every message. */
    private final StringBuilder text = new StringBuilder();

    /**
     * @param zone the time zone of {@code Time}
     * @param indent Go's {@code MarshalIndent} layout; false for one line
     */
    public MessageJson(ZoneId zone, boolean indent) {
        this(zone, indent, false, "Time");
    }

    private MessageJson(ZoneId zone, boolean indent, boolean brief, String timeKey) {
        this.zone = zone;
        this.indent = indent;
        this.brief = brief;
        this.timeKey = timeKey;
    }

    /**
     * One line per message whose {@code Container} is only its {@code Id} and {@code Name}: about a
     * hundred bytes a line instead of kilobytes, for readers that take many lines a second (a browser).
     */
    public static MessageJson brief(ZoneId zone) {
        return new MessageJson(zone, false, true, "Time");
    }

    /**
     * The {@link #brief} line with its time under {@code @timestamp}: an Elasticsearch or
     * OpenSearch document. The whole inspect object is left out on purpose: label keys with dots
     * become object paths there, and Compose's {@code com.docker.compose.project} next to
     * {@code com.docker.compose.project.working_dir} is a mapping conflict that refuses the document.
     * A data stream requires {@code @timestamp}.
     */
    public static MessageJson document(ZoneId zone) {
        return new MessageJson(zone, false, true, "@timestamp");
    }

    /** Writes {@code message} and a newline to {@code out}. */
    public void write(LogMessage message, OutputStream out) {
        try {
            out.write(text(message).toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // callers write to memory, which does not fail
        }
    }

    /** {@code message} and a newline, in a buffer reused by the next call. */
    public CharSequence text(LogMessage message) {
        String between = indent ? ",\n  \"" : ",\"";
        text.setLength(0);
        text.append(indent ? "{\n  \"Container\": " : "{\"Container\":").append(container(message.container()));
        text.append(between).append(indent ? "Source\": " : "Source\":");
        GoJson.appendString(message.source(), text);
        text.append(between).append(indent ? "Data\": " : "Data\":");
        GoJson.appendString(message.data(), text);
        text.append(between).append(timeKey).append(indent ? "\": " : "\":");
        GoJson.appendTime(message.time(), zone, text);
        text.append(indent ? "\n}\n" : "}\n");
        return text;
    }

    /** The container object, indented as the value of a top-level key when indenting. */
    private String container(ContainerInfo container) {
        String rendered = containers.get(container);
        if (rendered == null) {
            if (containers.size() >= MAX_CACHED_CONTAINERS) {
                containers.clear();
            }
            StringBuilder json = new StringBuilder();
            if (brief) {
                Map<String, Object> idAndName = new LinkedHashMap<>();
                idAndName.put("Id", container.id());
                idAndName.put("Name", container.name());
                GoJson.append(idAndName, json);
            } else if (indent) {
                GoJson.appendIndented(inspect(container), 1, json);
            } else {
                GoJson.append(inspect(container), json);
            }
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
