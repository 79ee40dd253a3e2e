package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.router.LogHistory;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Docker's log of a container read again, to its current end, through the same client, parser
 * and line numbering as the live readers ({@link LineMessages}), so every line comes with the key
 * the live reader gave it. The stream does not follow: a reader that wants more asks again. A
 * container's last line without {@code \n} comes once the container has exited.
 */
final class DockerLogHistory implements LogHistory {
    private static final String OPTIONS = "stdout=1&stderr=1&timestamps=1&tail=all&since=";

    private final DockerEngine engine;

    DockerLogHistory(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Read read(ContainerInfo container, long sinceNanos, Consumer<LogMessage> lines) throws IOException {
        try (DockerLogResponse response = engine.logs(container.id(), OPTIONS + DockerTimestamps.since(Math.max(0, sinceNanos)))) {
            int status = response.status();
            if (status == 404 || status == 409) {
                return Read.GONE; // 409: the container is being removed
            }
            if (status != 200) {
                throw new IOException("Docker answered " + status + " " + DockerEngine.errorMessage(response));
            }
            LogStreamParser parser = new LogStreamParser(container.tty(), new ResumePosition(), new LineMessages(container, lines));
            byte[] buffer = new byte[ContainerReader.READ_BUFFER_BYTES];
            int n;
            while ((n = response.read(buffer, 0, buffer.length)) >= 0) {
                parser.accept(buffer, 0, n);
            }
            // A last line without \n may still get its end while the container runs; once it has
            // exited (or is gone) its output is complete, and the line is delivered as the live
            // reader delivers it at the end of the container's output. Asked only in that case.
            if (parser.linePending()) {
                Inspection inspection = engine.inspect(container.id());
                if (inspection == null || !inspection.running()) {
                    parser.endOfOutput();
                }
            }
            return Read.READ;
        }
    }
}
