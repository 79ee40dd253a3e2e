package io.logspout.core.router;

import static io.logspout.core.router.TestMessages.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Adapter;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cursor moves to the last line sent, never past a line the adapter still holds. */
class CursorsTest {
    private final ContainerInfo app = container("app");
    private final ContainerInfo db = container("db");
    private final Map<String, LogMessage> held = new HashMap<>();
    private final Adapter adapter = new Adapter() {
        @Override
        public void encode(LogMessage message, io.logspout.api.Output out) {
        }

        @Override
        public LogMessage oldestHeld(String containerId) {
            return held.get(containerId);
        }
    };
    private final Cursors cursors = new Cursors();

    private static LogMessage line(ContainerInfo container, long time) {
        return new LogMessage(container, LogMessage.STDOUT, "t" + time, time);
    }

    @Test
    void movesToTheLastLineSentPerContainer() {
        cursors.encoded(line(app, 1));
        cursors.encoded(line(db, 2));
        cursors.encoded(line(app, 3));
        assertThat(cursors.snapshot()).isEmpty();

        cursors.sent(adapter);

        assertThat(cursors.snapshot()).containsOnly(Map.entry(app.id(), new Cursor(3, 0)), Map.entry(db.id(), new Cursor(2, 0)));
    }

    @Test
    void stopsBeforeTheOldestLineTheAdapterHolds() {
        LogMessage first = line(app, 1);
        LogMessage joining = line(app, 2);
        cursors.encoded(first);
        cursors.encoded(joining);
        cursors.encoded(line(app, 3));
        held.put(app.id(), joining);

        cursors.sent(adapter);
        assertThat(cursors.of(app.id())).isEqualTo(new Cursor(1, 0));

        cursors.encoded(line(app, 4));
        cursors.sent(adapter);
        assertThat(cursors.of(app.id())).as("still held").isEqualTo(new Cursor(1, 0));

        held.remove(app.id()); // emitted and sent
        cursors.sent(adapter);
        assertThat(cursors.of(app.id())).isEqualTo(new Cursor(4, 0));
    }

    @Test
    void aHeldLineKeepsTheCursorWhereItIsWhenNothingBeforeItWasSent() {
        LogMessage only = line(app, 1);
        cursors.encoded(only);
        held.put(app.id(), only);

        cursors.sent(adapter);

        assertThat(cursors.of(app.id())).isNull();
    }
}
