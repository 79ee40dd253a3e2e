package io.logspout.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * An open connection: a byte sink with explicit flush and close. Used by one sender thread at a
 * time. Any {@link IOException} makes the core close the connection, open a new one with backoff
 * and re-send what was not flushed; a {@link RetryLaterException} also sets the least delay
 * before that. A {@link RejectedException} is the exception: the batch is dropped (counted and
 * logged) and the connection kept.
 */
public interface Connection extends Closeable {

    /**
     * Writes one whole message. A stream transport may buffer it until {@link #flush()}; a
     * datagram transport sends it as one datagram.
     */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Sends everything buffered. Returns once the bytes are handed to the operating system, or,
     * for a transport whose peer acknowledges (HTTP), once the peer has accepted them: what a
     * flush that returned normally sent is never sent again.
     */
    void flush() throws IOException;

    /**
     * True when the peer has already closed the connection. Asked before each batch, so the core
     * reconnects before writing into a socket the kernel would still accept bytes for, but whose
     * peer is gone (the message logspout used to lose on every reconnect). Must not block; the
     * default, for transports that cannot tell, says false.
     */
    default boolean peerClosed() {
        return false;
    }

    /** Closes the connection; never throws. */
    @Override
    void close();
}
