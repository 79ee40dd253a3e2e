package io.logspout.core.pump;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One HTTP/1.1 answer of the Docker engine, read from its connection: the status and headers,
 * then the body as an {@link InputStream}. Made by {@link DockerLogClient} for the logs endpoint.
 *
 * <p>The body is decoded from {@code Transfer-Encoding: chunked} (what Docker sends for a log
 * stream), a {@code Content-Length} or the end of the connection. Docker flushes every log entry
 * as its own chunk, so {@link #read(byte[], int, int)} reads the connection straight into the
 * caller's array and removes the chunk framing in place: one read returns every entry that has
 * arrived, however many chunks that is.
 *
 * <p>While the stream flows, after a read that did not fill the caller's array (everything that
 * had arrived was taken), the next read of the connection waits {@code pauseNanos} first, so that
 * it takes a batch instead of the single entry dockerd is just writing: far fewer reads, and fewer
 * wake-ups of the reading thread, for a delay of at most that pause. A read that had to wait
 * {@link #QUIET_PAUSES} pauses or longer for its data came after a quiet stretch: the next entry
 * is likely as far off, a pause would gather nothing and cost a timer and a wake-up, so the next
 * read follows at once (a container writing a line now and then pays one wake-up per line, not
 * three). The margin keeps a busy stream whose reader was held up a moment batching.
 *
 * <p>A plain connection ({@link #selectableChannel()}, not TLS) may instead be read without
 * blocking by {@link LogStreamPoller}, with {@link #readAvailable}, once the head is read.
 *
 * <p>Read by one thread at a time; {@link #close()} may come from any thread and ends a blocked read.
 */
final class DockerLogResponse extends InputStream {
    /** A longer status line and headers are not Docker's. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int FIRST_HEAD_BYTES = 4096;
    /** A read that waited this many pauses for its data ends the batching, until a read does not wait so long. */
    static final int QUIET_PAUSES = 10;

    private enum Framing { CHUNKED, LENGTH, CLOSE }

    /** Where the chunked decoder is: in a size line, its extension, the data, or the trailers. */
    private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER, END_LF, DONE }

    private final InputStream in;
    private final Closeable connection;
    /** The connection, when it can be read without blocking; else null. */
    private final SocketChannel selectable;
    private final long pauseNanos;
    /** {@link System#nanoTime()}; a test's clock in tests. */
    private final LongSupplier nanoClock;
    private final int status;
    /** By name, in any case; each with its values in order. */
    private final Map<String, List<String>> headers;
    private final Framing framing;
    /** Body bytes that came with the head, not yet returned. */
    private final byte[] early;
    private int earlyStart;
    private final int earlyEnd;

    private Chunk chunk = Chunk.SIZE;
    private long chunkSize;
    private int sizeDigits;
    /** Chunked: data bytes left in the current chunk. Content-Length: body bytes left. */
    private long remaining;
    private boolean pauseBeforeRead;
    private volatile boolean closed;

    private DockerLogResponse(InputStream in, Closeable connection, SocketChannel selectable, long pauseNanos, LongSupplier nanoClock, int status,
            Map<String, List<String>> headers, Framing framing, long length, byte[] early, int earlyStart, int earlyEnd) {
        this.in = in;
        this.connection = connection;
        this.selectable = selectable;
        this.pauseNanos = pauseNanos;
        this.nanoClock = nanoClock;
        this.status = status;
        this.headers = headers;
        this.framing = framing;
        this.remaining = length;
        this.early = early;
        this.earlyStart = earlyStart;
        this.earlyEnd = earlyEnd;
    }

    /**
     * Reads the status line and headers of the answer on {@code in}.
     *
     * @param connection closed by {@link #close()}; closing it must end a read of {@code in}
     * @param pauseNanos the pause before reading the connection again after a read that took
     *     everything that had arrived without waiting {@link #QUIET_PAUSES} times this for it; 0 for none
     * @throws IOException when the connection fails or what it brings is not an HTTP/1.x answer
     */
    static DockerLogResponse open(InputStream in, Closeable connection, long pauseNanos) throws IOException {
        return open(in, connection, null, pauseNanos, System::nanoTime);
    }

    /**
     * Reads the head of the answer on a plain connection, whose body {@link LogStreamPoller} may
     * then read without blocking ({@link #selectableChannel()}).
     */
    static DockerLogResponse open(SocketChannel channel, long pauseNanos) throws IOException {
        return open(Channels.newInputStream(channel), channel, channel, pauseNanos, System::nanoTime);
    }

    /** {@link #open(InputStream, Closeable, long)} with a clock that times the reads, for tests. */
    static DockerLogResponse open(InputStream in, Closeable connection, long pauseNanos, LongSupplier nanoClock) throws IOException {
        return open(in, connection, null, pauseNanos, nanoClock);
    }

    private static DockerLogResponse open(InputStream in, Closeable connection, SocketChannel selectable, long pauseNanos, LongSupplier nanoClock)
            throws IOException {
        byte[] head = new byte[FIRST_HEAD_BYTES];
        int length = 0;
        int headEnd;
        while ((headEnd = headEnd(head, length)) < 0) {
            if (length == head.length) {
                if (length == MAX_HEAD_BYTES) {
                    throw new IOException("Docker's answer has no end of its headers within " + MAX_HEAD_BYTES + " bytes");
                }
                head = Arrays.copyOf(head, Math.min(2 * length, MAX_HEAD_BYTES));
            }
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                throw new EOFException(length == 0 ? "Docker closed the connection without an answer"
                        : "Docker closed the connection in the middle of its answer's headers");
            }
            length += n;
        }
        String[] lines = new String(head, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r?\n");
        int status = status(lines[0]);
        String transferEncoding = null;
        String contentLength = null;
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                headers.computeIfAbsent(name, unused -> new ArrayList<>(1)).add(value);
                if (name.equals("transfer-encoding")) {
                    transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                } else if (name.equals("content-length")) {
                    contentLength = value;
                }
            }
        }
        Framing framing;
        long bodyLength = 0;
        if (status / 100 == 1 || status == 204 || status == 304) {
            framing = Framing.LENGTH; // no body
        } else if (transferEncoding != null) {
            // Any other last coding is read until the connection ends (RFC 9112, 6.3).
            String[] codings = transferEncoding.split(",");
            framing = codings[codings.length - 1].strip().equalsIgnoreCase("chunked") ? Framing.CHUNKED : Framing.CLOSE;
        } else if (contentLength != null) {
            framing = Framing.LENGTH;
            bodyLength = contentLength(contentLength);
        } else {
            framing = Framing.CLOSE;
        }
        return new DockerLogResponse(in, connection, selectable, pauseNanos, nanoClock, status, headers, framing, bodyLength, head, headEnd, length);
    }

    /** The index after the blank line that ends the head in {@code head[0, length)}, or -1. */
    private static int headEnd(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            if (head[i] == '\n') {
                if (i + 1 < length && head[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && head[i + 1] == '\r' && head[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int status(String line) throws IOException {
        // HTTP/1.1 200 OK
        if (line.startsWith("HTTP/1.") && line.length() >= 12 && line.charAt(8) == ' ') {
            String code = line.substring(9, 12);
            if (code.chars().allMatch(c -> c >= '0' && c <= '9') && (line.length() == 12 || line.charAt(12) == ' ')) {
                return Integer.parseInt(code);
            }
        }
        throw new IOException("Docker's answer does not start with an HTTP/1.x status line: " + printable(line));
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("Docker's answer has an invalid Content-Length: " + printable(value));
    }

    private static String printable(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The HTTP status code. */
    int status() {
        return status;
    }

    /** The headers by name (in lower case; looked up in any case), each with its values in order. */
    Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * Reads body bytes into {@code bytes[offset, offset+length)}: as many as have arrived, blocking
     * only while none have.
     *
     * @return the number of bytes read, or -1 at the end of the body
     * @throws EOFException when the connection ends before the body does
     * @throws InterruptedIOException when the thread is interrupted during the pause
     */
    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        return readBody(bytes, offset, length, true);
    }

    /**
     * The plain connection, which may be switched to non-blocking mode and read with
     * {@link #readAvailable} once the head is read; null when it cannot be selected (TLS).
     */
    SocketChannel selectableChannel() {
        return selectable;
    }

    /**
     * Reads, without blocking, body bytes into {@code bytes[offset, offset+length)}: those that
     * came with the head, else what one read of the non-blocking {@link #selectableChannel()} brings.
     *
     * @return the number of body bytes read, 0 when none has arrived (or only chunk framing), -1
     *     at the end of the body
     * @throws EOFException when the connection ends before the body does
     */
    int readAvailable(byte[] bytes, int offset, int length) throws IOException {
        return readBody(bytes, offset, length, false);
    }

    private int readBody(byte[] bytes, int offset, int length, boolean blocking) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (closed) {
                throw new IOException("the log stream was closed");
            }
            if (atEnd()) {
                return -1;
            }
            int want = framing == Framing.LENGTH ? (int) Math.min(length, remaining) : length;
            int n;
            if (earlyStart < earlyEnd) {
                n = Math.min(want, earlyEnd - earlyStart);
                System.arraycopy(early, earlyStart, bytes, offset, n);
                earlyStart += n;
            } else if (!blocking) {
                n = selectable.read(ByteBuffer.wrap(bytes, offset, want));
                if (n == 0) {
                    return 0;
                }
            } else {
                if (pauseBeforeRead) {
                    pause();
                }
                long readStart = pauseNanos > 0 ? nanoClock.getAsLong() : 0;
                n = in.read(bytes, offset, want);
                pauseBeforeRead = pauseNanos > 0 && n >= 0 && n < want && (nanoClock.getAsLong() - readStart) / QUIET_PAUSES < pauseNanos;
            }
            if (n < 0) {
                if (framing == Framing.CLOSE) {
                    return -1;
                }
                throw new EOFException("Docker closed the connection before the end of the answer");
            }
            int data = decode(bytes, offset, n);
            if (data > 0 || !blocking) {
                return data == 0 && atEnd() ? -1 : data;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * True when the whole answer has been read, and nothing after it: the connection is where the
     * next answer would start. Never for an answer that ends with its connection.
     */
    boolean complete() {
        return atEnd() && earlyStart == earlyEnd;
    }

    /** Whether the whole body was read: a read now returns -1. */
    boolean atEnd() {
        return switch (framing) {
            case CHUNKED -> chunk == Chunk.DONE;
            case LENGTH -> remaining == 0;
            case CLOSE -> false;
        };
    }

    private void pause() throws InterruptedIOException {
        try {
            Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for more of the log stream");
        }
    }

    /** Turns the {@code n} bytes just read at {@code offset} into body bytes there; returns how many. */
    private int decode(byte[] bytes, int offset, int n) throws IOException {
        return switch (framing) {
            case CHUNKED -> dechunk(bytes, offset, offset + n);
            case LENGTH -> {
                remaining -= n;
                yield n;
            }
            case CLOSE -> n;
        };
    }

    /**
     * Removes the chunk framing from {@code bytes[start, end)} in place, moving the data down;
     * returns the number of data bytes now at {@code start}. Keeps its place between calls, so
     * framing may be cut anywhere.
     */
    private int dechunk(byte[] bytes, int start, int end) throws IOException {
        int in = start;
        int out = start;
        while (in < end && chunk != Chunk.DONE) {
            if (chunk == Chunk.DATA) {
                int take = (int) Math.min(end - in, remaining);
                System.arraycopy(bytes, in, bytes, out, take);
                in += take;
                out += take;
                remaining -= take;
                if (remaining == 0) {
                    chunk = Chunk.DATA_CR;
                }
                continue;
            }
            byte b = bytes[in++];
            chunk = switch (chunk) {
                case SIZE -> sizeByte(b);
                case EXTENSION -> b == '\n' ? endOfSizeLine() : Chunk.EXTENSION;
                case SIZE_LF -> b == '\n' ? endOfSizeLine() : malformed("a line feed after a chunk size", b);
                case DATA_CR -> b == '\r' ? Chunk.DATA_LF : b == '\n' ? Chunk.SIZE : malformed("the line end after a chunk's data", b);
                case DATA_LF -> b == '\n' ? Chunk.SIZE : malformed("a line feed after a chunk's data", b);
                case TRAILER_START -> b == '\r' ? Chunk.END_LF : b == '\n' ? Chunk.DONE : Chunk.TRAILER;
                case TRAILER -> b == '\n' ? Chunk.TRAILER_START : Chunk.TRAILER;
                case END_LF -> b == '\n' ? Chunk.DONE : malformed("a line feed at the end of the trailers", b);
                case DATA, DONE -> throw new IllegalStateException(chunk.name());
            };
        }
        return out - start;
    }

    private Chunk sizeByte(byte b) throws IOException {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            if (sizeDigits == 15) {
                throw new IOException("Docker's answer has a chunk size of more than 15 hex digits");
            }
            chunkSize = chunkSize << 4 | digit;
            sizeDigits++;
            return Chunk.SIZE;
        }
        if (sizeDigits == 0) {
            return malformed("a chunk size", b);
        }
        return switch (b) {
            case ';', ' ', '\t' -> Chunk.EXTENSION;
            case '\r' -> Chunk.SIZE_LF;
            case '\n' -> endOfSizeLine();
            default -> malformed("a chunk size", b);
        };
    }

    private Chunk endOfSizeLine() {
        remaining = chunkSize;
        chunkSize = 0;
        sizeDigits = 0;
        return remaining == 0 ? Chunk.TRAILER_START : Chunk.DATA;
    }

    private static Chunk malformed(String expected, byte got) throws IOException {
        throw new IOException("Docker's chunked answer is malformed: expected " + expected + ", got byte 0x"
                + Integer.toHexString(got & 0xff));
    }

    /** Closes the connection; a read blocked in another thread ends with an {@link IOException}. */
    @Override
    public void close() throws IOException {
        closed = true;
        connection.close();
    }
}
