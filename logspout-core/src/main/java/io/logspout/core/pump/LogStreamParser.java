package io.logspout.core.pump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of one container's log stream ({@code GET /containers/{id}/logs} with
 * {@code timestamps=1}) into lines, in three layers:
 *
 * <ul>
 *   <li><b>Frames.</b> Without a TTY, Docker multiplexes stdout and stderr into frames: an
 *       8-byte header (byte 0 the stream: 0 stdin and 1 stdout, 2 stderr, 3 an error from the
 *       daemon that ends the stream; bytes 4-7 the payload length, big-endian) and the payload.
 *       With a TTY ({@code raw}) there are no headers and everything is stdout.</li>
 *   <li><b>Entries.</b> Each entry of Docker's log is {@code <RFC 3339 timestamp> <data>}: one per
 *       frame, or in raw mode one after the other. An entry ends with {@code \n} unless Docker cut
 *       a longer line into partial entries of 16 KB (each with its own timestamp). Raw mode has no
 *       frames to show where a partial entry ends, so an entry ends there after exactly
 *       {@link #DOCKER_PARTIAL_BYTES} bytes of data, the size Docker's log copier cuts at; a log
 *       driver that cut elsewhere would have its long TTY lines delivered in pieces.</li>
 *   <li><b>Lines.</b> Data is split on {@code \n} only ({@code \r} and empty lines are kept) and
 *       partial entries are joined, separately for stdout and stderr, so a long line is one
 *       message with the time of its first part. A line longer than {@link #MAX_LINE_BYTES} is
 *       delivered in pieces of that size, so one runaway line cannot take all memory.</li>
 * </ul>
 *
 * <p>Entries already delivered by an earlier stream of the container are skipped as
 * {@link ResumePosition} says, and each entry is counted there once it is complete. A stream that
 * breaks inside an entry forgets that entry's bytes ({@link #startStream(long)}): the next stream
 * repeats it in full. Lines still waiting for the rest of a partial entry are kept across
 * streams.
 *
 * <p>Buffers: {@link #accept} only reads the caller's array during the call. The parser owns one
 * line buffer per source, reused for every line; the {@link LineHandler} sees it only during its
 * call. Nothing is allocated per frame or per line, except to grow a buffer for a longer line.
 * Used by one thread.
 */
final class LogStreamParser {
    static final int STDOUT = 0;
    static final int STDERR = 1;
    /** Docker cuts longer lines into partial entries of this many bytes (its log copier's buffer). */
    static final int DOCKER_PARTIAL_BYTES = 16 * 1024;
    /** Longer lines are delivered in pieces of this many bytes. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final int HEADER_BYTES = 8;
    private static final int MAX_TIMESTAMP_BYTES = 40; // 2006-01-02T15:04:05.999999999-07:00 has 35
    private static final int MAX_DAEMON_ERROR_BYTES = 4096;
    private static final int INITIAL_LINE_BYTES = 256;
    /** A line buffer grown beyond this goes back to the initial size after its line. */
    private static final int KEPT_LINE_BYTES = 64 * 1024;

    /** Receives the lines. */
    interface LineHandler {
        /**
         * One line without its {@code \n}, from {@link #STDOUT} or {@link #STDERR}, with the Docker
         * timestamp of its first part; {@code bytes[0, length)} is valid only during the call.
         */
        void line(int source, long timeNanos, byte[] bytes, int length);
    }

    private enum State { HEADER, TIMESTAMP, DATA, SKIP, DAEMON_ERROR }

    private final boolean raw;
    private final ResumePosition position;
    private final LineHandler handler;
    private final Line[] lines = {new Line(STDOUT), new Line(STDERR)};
    private final byte[] header = new byte[HEADER_BYTES];
    private final byte[] timestamp = new byte[MAX_TIMESTAMP_BYTES];
    private final byte[] carry = new byte[3];
    private byte[] daemonError;

    private State state;
    private int headerLength;
    private int timestampLength;
    private int daemonErrorLength;
    /** Multiplexed: payload bytes left in the current frame. */
    private long frameRemaining;
    /** The stream of the current frame (raw: always stdout). */
    private int source = STDOUT;
    /** An entry is being read into {@code lines[source]}. */
    private boolean entryOpen;
    /** The open entry had a valid timestamp, so it counts in the resume position. */
    private boolean entryTimed;
    private long entryTime;
    /** Raw: data bytes of the current entry, to see where Docker cut a partial entry. */
    private int entryBytes;
    private long lastTime = DockerTimestamps.INVALID;
    /** Entries the current stream repeats from an earlier one: skipped. */
    private int skipCount;
    /** No skipped entry is newer than this; a newer one means the repeated entries are over. */
    private long skipNewest;

    LogStreamParser(boolean raw, ResumePosition position, LineHandler handler) {
        this.raw = raw;
        this.position = position;
        this.handler = handler;
        startStream(DockerTimestamps.INVALID);
    }

    /**
     * A new stream starts: from {@code since} ({@link ResumePosition#since()}) once the position
     * has started, else from the beginning ({@link DockerTimestamps#INVALID}).
     */
    void startStream(long since) {
        if (entryOpen) {
            Line line = lines[source];
            line.length = line.entryStart;
            entryOpen = false;
        }
        state = raw ? State.TIMESTAMP : State.HEADER;
        headerLength = 0;
        timestampLength = 0;
        frameRemaining = 0;
        entryBytes = 0;
        skipCount = since != DockerTimestamps.INVALID ? position.takenSince(since) : 0;
        skipNewest = position.newest();
    }

    /**
     * Reads the next bytes of the stream, delivering the lines they complete.
     *
     * @throws IOException when Docker reports an error in the stream or the stream is not Docker's
     *     log format; the stream is over then
     */
    void accept(byte[] bytes, int offset, int length) throws IOException {
        int p = offset;
        int end = offset + length;
        while (p < end) {
            p = switch (state) {
                case HEADER -> readHeader(bytes, p, end);
                case TIMESTAMP -> readTimestamp(bytes, p, end);
                case DATA -> raw ? readRawData(bytes, p, end) : readFrameData(bytes, p, end);
                case SKIP -> raw ? skipRawData(bytes, p, end) : skipFrameData(p, end);
                case DAEMON_ERROR -> readDaemonError(bytes, p, end);
            };
        }
    }

    /** The container's output is complete: delivers the lines still waiting for their end. */
    void endOfOutput() {
        if (state == State.TIMESTAMP && timestampLength > 0) {
            beginUntimedEntry();
            appendData(timestamp, 0, timestampLength);
            timestampLength = 0;
        }
        endEntry();
        Line out = lines[STDOUT];
        Line err = lines[STDERR];
        boolean stderrFirst = err.length > 0 && (out.length == 0 || err.time < out.time);
        emitPending(stderrFirst ? err : out);
        emitPending(stderrFirst ? out : err);
    }

    /** Whether a line waits for its end: what was read so far ends without {@code \n}. */
    boolean linePending() {
        return lines[STDOUT].length > 0 || lines[STDERR].length > 0 || (state == State.TIMESTAMP && timestampLength > 0);
    }

    private int readHeader(byte[] bytes, int p, int end) throws IOException {
        int n = Math.min(HEADER_BYTES - headerLength, end - p);
        System.arraycopy(bytes, p, header, headerLength, n);
        headerLength += n;
        if (headerLength == HEADER_BYTES) {
            headerLength = 0;
            frameRemaining = (header[4] & 0xffL) << 24 | (header[5] & 0xff) << 16 | (header[6] & 0xff) << 8 | (header[7] & 0xff);
            switch (header[0]) {
                case 0, 1 -> beginFrame(STDOUT);
                case 2 -> beginFrame(STDERR);
                case 3 -> {
                    daemonErrorLength = 0;
                    state = State.DAEMON_ERROR;
                    if (frameRemaining == 0) {
                        throw daemonError();
                    }
                }
                default -> throw new IOException("not a Docker log stream: unknown stream type " + header[0] + " in a frame header");
            }
        }
        return p + n;
    }

    private void beginFrame(int frameSource) {
        source = frameSource;
        if (frameRemaining > 0) {
            timestampLength = 0;
            state = State.TIMESTAMP;
        }
    }

    private int readTimestamp(byte[] bytes, int p, int end) {
        int limit = raw ? end : (int) Math.min(end, p + frameRemaining);
        int scanEnd = Math.min(limit, p + MAX_TIMESTAMP_BYTES - timestampLength);
        int i = p;
        while (i < scanEnd && bytes[i] != ' ' && bytes[i] != '\n') {
            i++;
        }
        if (i < scanEnd) {
            consumeFrame(i + 1 - p);
            if (bytes[i] == ' ') {
                long time;
                if (timestampLength == 0) {
                    time = DockerTimestamps.parse(bytes, p, i - p);
                } else {
                    System.arraycopy(bytes, p, timestamp, timestampLength, i - p);
                    time = DockerTimestamps.parse(timestamp, 0, timestampLength + i - p);
                }
                if (time != DockerTimestamps.INVALID) {
                    beginEntry(time);
                } else {
                    untimedPrefix(bytes, p, i + 1);
                }
            } else {
                untimedPrefix(bytes, p, i + 1); // a line without a timestamp: appendData delivers it
                if (raw) {
                    endEntry();
                    state = State.TIMESTAMP;
                }
            }
            timestampLength = 0;
            endFrameIfDone();
            return i + 1;
        }
        System.arraycopy(bytes, p, timestamp, timestampLength, scanEnd - p);
        timestampLength += scanEnd - p;
        consumeFrame(scanEnd - p);
        if (timestampLength == MAX_TIMESTAMP_BYTES || (!raw && frameRemaining == 0)) {
            untimedPrefix(bytes, scanEnd, scanEnd);
            timestampLength = 0;
            endFrameIfDone();
        }
        return scanEnd;
    }

    /** The bytes buffered in {@code timestamp} plus {@code bytes[from, to)} were no timestamp: they are data. */
    private void untimedPrefix(byte[] bytes, int from, int to) {
        beginUntimedEntry();
        appendData(timestamp, 0, timestampLength);
        appendData(bytes, from, to);
    }

    private void consumeFrame(int n) {
        if (!raw) {
            frameRemaining -= n;
        }
    }

    private void endFrameIfDone() {
        if (!raw && frameRemaining == 0) {
            endEntry();
            state = State.HEADER;
        }
    }

    private void beginEntry(long time) {
        lastTime = time;
        entryBytes = 0;
        if (skipCount > 0 && time <= skipNewest) {
            skipCount--;
            state = State.SKIP;
            return;
        }
        skipCount = 0;
        openEntry(time, true);
    }

    /** An entry without a valid timestamp (never sent by Docker): kept as data, with the last time seen. */
    private void beginUntimedEntry() {
        entryBytes = 0;
        skipCount = 0;
        openEntry(lastTime != DockerTimestamps.INVALID ? lastTime : System.currentTimeMillis() * 1_000_000L, false);
    }

    private void openEntry(long time, boolean timed) {
        Line line = lines[source];
        if (line.length == 0) {
            line.time = time;
        }
        line.entryStart = line.length;
        entryOpen = true;
        entryTimed = timed;
        entryTime = time;
        state = State.DATA;
    }

    private void endEntry() {
        if (entryOpen) {
            entryOpen = false;
            if (entryTimed) {
                position.taken(entryTime);
            }
        }
    }

    private int readFrameData(byte[] bytes, int p, int end) {
        int stop = (int) Math.min(end, p + frameRemaining);
        appendData(bytes, p, stop);
        frameRemaining -= stop - p;
        endFrameIfDone();
        return stop;
    }

    private int readRawData(byte[] bytes, int p, int end) {
        int stop = Math.min(end, p + DOCKER_PARTIAL_BYTES - entryBytes);
        int newline = indexOfNewline(bytes, p, stop);
        Line line = lines[STDOUT];
        if (newline >= 0) {
            append(line, bytes, p, newline);
            emit(line);
            endEntry();
            state = State.TIMESTAMP;
            return newline + 1;
        }
        append(line, bytes, p, stop);
        entryBytes += stop - p;
        if (entryBytes == DOCKER_PARTIAL_BYTES) {
            // Docker cut the line here; the next entry, with its own timestamp, continues it.
            endEntry();
            state = State.TIMESTAMP;
        }
        return stop;
    }

    private int skipRawData(byte[] bytes, int p, int end) {
        int stop = Math.min(end, p + DOCKER_PARTIAL_BYTES - entryBytes);
        int newline = indexOfNewline(bytes, p, stop);
        if (newline >= 0) {
            state = State.TIMESTAMP;
            return newline + 1;
        }
        entryBytes += stop - p;
        if (entryBytes == DOCKER_PARTIAL_BYTES) {
            state = State.TIMESTAMP;
        }
        return stop;
    }

    private int skipFrameData(int p, int end) {
        int n = (int) Math.min(end - p, frameRemaining);
        frameRemaining -= n;
        if (frameRemaining == 0) {
            state = State.HEADER;
        }
        return p + n;
    }

    private int readDaemonError(byte[] bytes, int p, int end) throws IOException {
        int n = (int) Math.min(end - p, frameRemaining);
        if (daemonError == null) {
            daemonError = new byte[MAX_DAEMON_ERROR_BYTES];
        }
        int kept = Math.min(n, MAX_DAEMON_ERROR_BYTES - daemonErrorLength);
        System.arraycopy(bytes, p, daemonError, daemonErrorLength, kept);
        daemonErrorLength += kept;
        frameRemaining -= n;
        if (frameRemaining == 0) {
            throw daemonError();
        }
        return p + n;
    }

    private IOException daemonError() {
        String message = new String(daemonError == null ? new byte[0] : daemonError, 0, daemonErrorLength, StandardCharsets.UTF_8);
        return new IOException("Docker reported an error in the log stream: " + message.strip());
    }

    /** Appends entry data to the current source's line, delivering a line at each {@code \n}. */
    private void appendData(byte[] bytes, int from, int to) {
        Line line = lines[source];
        int p = from;
        int newline;
        while ((newline = indexOfNewline(bytes, p, to)) >= 0) {
            append(line, bytes, p, newline);
            emit(line);
            line.time = entryTime; // more data of this entry starts another line
            p = newline + 1;
        }
        append(line, bytes, p, to);
    }

    private void append(Line line, byte[] bytes, int from, int to) {
        int n = to - from;
        while (line.length + n > MAX_LINE_BYTES) {
            int room = MAX_LINE_BYTES - line.length;
            line.ensureCapacity(MAX_LINE_BYTES);
            System.arraycopy(bytes, from, line.bytes, line.length, room);
            line.length = MAX_LINE_BYTES;
            from += room;
            n -= room;
            emitOverlongPiece(line);
        }
        line.ensureCapacity(line.length + n);
        System.arraycopy(bytes, from, line.bytes, line.length, n);
        line.length += n;
    }

    /** Delivers a full line buffer as one piece, keeping a UTF-8 sequence cut at its end for the next. */
    private void emitOverlongPiece(Line line) {
        int complete = completeUtf8Length(line.bytes, line.length);
        int carried = line.length - complete;
        System.arraycopy(line.bytes, complete, carry, 0, carried);
        long time = line.time;
        line.length = complete;
        emit(line);
        System.arraycopy(carry, 0, line.bytes, 0, carried);
        line.length = carried;
        line.time = time;
    }

    /** The length of {@code bytes[0, length)} without a UTF-8 sequence that is cut off at its end. */
    private static int completeUtf8Length(byte[] bytes, int length) {
        int lead = length - 1;
        while (lead >= 0 && length - lead <= 3 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[lead] & 0xff;
        int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return length - lead < needed ? lead : length;
    }

    private void emitPending(Line line) {
        if (line.length > 0) {
            emit(line);
        }
    }

    private void emit(Line line) {
        handler.line(line.source, line.time, line.bytes, line.length);
        line.length = 0;
        line.entryStart = 0;
        if (line.bytes.length > KEPT_LINE_BYTES) {
            line.bytes = new byte[INITIAL_LINE_BYTES];
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line being assembled for one source. */
    private static final class Line {
        final int source;
        byte[] bytes = new byte[INITIAL_LINE_BYTES];
        int length;
        /** Docker timestamp of the line's first part. */
        long time;
        /** Where the open entry's bytes begin, to drop them if the stream breaks inside it. */
        int entryStart;

        Line(int source) {
            this.source = source;
        }

        void ensureCapacity(int capacity) {
            if (capacity > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(MAX_LINE_BYTES, Math.max(capacity, bytes.length * 2)));
            }
        }
    }
}
