package io.logspout.httpstream;

import io.logspout.adapter.json.MessageJson;
import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.time.ZoneId;

/** logspout's JSON stream: each message as Go's {@code json.MarshalIndent} and a newline ({@link MessageJson}). */
final class JsonFormat implements MessageFormat {
    private final MessageJson json;

    JsonFormat(ZoneId zone) {
        this.json = new MessageJson(zone, true);
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        json.write(message, new ByteBufOutputStream(out));
    }
}
