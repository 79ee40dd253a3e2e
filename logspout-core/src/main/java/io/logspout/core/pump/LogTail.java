package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of one container's log, read once and not followed, through the same client and
 * parser as the container readers (frames, timestamps and joined long lines alike): for views that
 * show what a container wrote before they opened.
 */
final class LogTail {
    private static final int READ_BUFFER_BYTES = 16 * 1024;

    private LogTail() {
    }

    /**
     * Reads the last {@code lines} lines of {@code container}, oldest first.
     *
     * @throws IOException when the engine cannot be reached or refuses the container's log
     */
    static List<LogMessage> read(DockerEngine engine, ContainerInfo container, int lines) throws IOException {
        List<LogMessage> tail = new ArrayList<>();
        LogStreamParser parser = new LogStreamParser(container.tty(), new ResumePosition(), new LineMessages(container, tail::add));
        try (DockerLogResponse response = engine.logs(container.id(), "stdout=1&stderr=1&timestamps=1&tail=" + lines)) {
            if (response.status() != 200) {
                throw new IOException("Docker answered " + response.status() + " for the log of " + container.bareName() + ": "
                        + DockerEngine.errorMessage(response));
            }
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            int n;
            while ((n = response.read(buffer, 0, buffer.length)) >= 0) {
                parser.accept(buffer, 0, n);
            }
        }
        parser.endOfOutput();
        return tail;
    }
}
