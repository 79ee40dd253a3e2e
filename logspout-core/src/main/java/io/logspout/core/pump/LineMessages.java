package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Makes the parser's lines into messages with their stable keys ({@link LogMessage#key()}): the
 * Docker timestamp, and the line's place among consecutive lines with that timestamp. The live
 * reader and the catch-up and replay readers of a container all number lines here, in the order
 * of Docker's log, so a line gets the same key whichever reads it. Used by one thread.
 */
final class LineMessages implements LogStreamParser.LineHandler {
    private final Consumer<LogMessage> out;
    private volatile ContainerInfo container;
    private long lastTime = DockerTimestamps.INVALID;
    private int seq;

    LineMessages(ContainerInfo container, Consumer<LogMessage> out) {
        this.container = container;
        this.out = out;
    }

    /** Later lines carry {@code renamed}. */
    void container(ContainerInfo renamed) {
        container = renamed;
    }

    ContainerInfo container() {
        return container;
    }

    @Override
    public void line(int source, long timeNanos, byte[] bytes, int length) {
        if (timeNanos == lastTime) {
            seq++;
        } else {
            lastTime = timeNanos;
            seq = 0;
        }
        out.accept(new LogMessage(container, source == LogStreamParser.STDERR ? LogMessage.STDERR : LogMessage.STDOUT, text(bytes, length), timeNanos, seq));
    }

    /** A line's bytes as text: UTF-8, with each invalid sequence replaced by U+FFFD, never an error. */
    static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
