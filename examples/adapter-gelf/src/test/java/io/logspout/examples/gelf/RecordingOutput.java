package io.logspout.examples.gelf;

import io.logspout.api.Adapter;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.LogMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An output that keeps each message (each datagram, on UDP) separately, as logspout's core does. */
final class RecordingOutput extends ByteArrayOutput {
    private final List<byte[]> messages = new ArrayList<>();

    RecordingOutput() {
        super(1024, Integer.MAX_VALUE);
    }

    @Override
    public void endMessage() {
        if (size() > 0) {
            messages.add(Arrays.copyOf(array(), size()));
            clear();
        }
    }

    /** Calls {@code adapter} as logspout's core does: then ends the message it left open. */
    void take(Adapter adapter, LogMessage message) {
        adapter.encode(message, this);
        endMessage();
    }

    /** The messages written so far, the one left open included (the core ends it when the adapter returns). */
    List<byte[]> messages() {
        endMessage();
        return List.copyOf(messages);
    }
}
