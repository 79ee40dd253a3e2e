package io.logspout.api;

import java.nio.charset.StandardCharsets;

/**
 * Where an {@link Adapter} encodes messages. Owned by the core and reused for every message of a
 * route, so an adapter must not keep a reference to it after {@code encode} returns.
 *
 * <p>The bytes written between two {@link #endMessage()} calls are one message: on a datagram
 * transport (UDP) one datagram, on a stream transport a unit the core writes whole or re-sends
 * whole after a reconnect. The core ends a message that an adapter leaves open when the adapter
 * returns, so a simple adapter need not call {@code endMessage()} at all.
 */
public interface Output {

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    Output write(byte[] bytes, int offset, int length);

    /** Appends one byte. */
    Output writeByte(int b);

    /** Appends the UTF-8 encoding of {@code text}. */
    default Output writeUtf8(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return write(bytes, 0, bytes.length);
    }

    /** Appends all of {@code bytes}. */
    default Output write(byte[] bytes) {
        return write(bytes, 0, bytes.length);
    }

    /** Ends the current message; does nothing when no byte was written since the last end. */
    void endMessage();
}
