package io.logspout.httpstream;

import io.logspout.adapter.json.MessageJson;
import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * logspout's JSON stream: each message as Go's {@code json.MarshalIndent(msg, "", "  ")} and a
 * newline ({@link MessageJson}, which the {@code json} adapter writes on one line). The compact
 * layout ({@code json=compact}) is for readers that take many lines a second, such as a browser:
 * each message on one line, its {@code Container} only {@code Id} and {@code Name}. An instance
 * serves one client on its event loop.
 */
final class JsonFormat implements MessageFormat {
    private final MessageJson json;
    private final boolean compact;

    JsonFormat(ZoneId zone, boolean compact) {
        this.json = compact ? MessageJson.brief(zone) : new MessageJson(zone, true);
        this.compact = compact;
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        out.writeCharSequence(json.text(message), StandardCharsets.UTF_8);
    }

    /** Compact messages are one line each: a WebSocket frame carries a batch. */
    @Override
    public boolean oneLinePerMessage() {
        return compact;
    }
}
