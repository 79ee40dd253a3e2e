package io.logspout.httpstream;

import io.logspout.adapter.json.MessageJson;
import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * logspout's JSON stream: each message as Go's {@code json.MarshalIndent(msg, "", "  ")} and a
 * newline ({@link MessageJson}, which the {@code json} adapter writes on one line). An instance
 * serves one client on its event loop.
 */
final class JsonFormat implements MessageFormat {
    private final MessageJson json;

    JsonFormat(ZoneId zone) {
        this.json = new MessageJson(zone, true);
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        out.writeCharSequence(json.text(message), StandardCharsets.UTF_8);
    }
}
