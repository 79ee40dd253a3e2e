package io.logspout.httpstream;

import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;

/**
 * How one client sees a message. Each client has its own instance (the text form remembers the
 * names and colours it has shown), used on the client's event loop only.
 */
interface MessageFormat {

    /** Appends {@code message}, with its trailing newline, to {@code out}. */
    void append(LogMessage message, ByteBuf out);

    /**
     * Whether each message is exactly one line, so that one WebSocket frame can carry a batch
     * of them and a client splits it at the newlines.
     */
    default boolean oneLinePerMessage() {
        return false;
    }
}
