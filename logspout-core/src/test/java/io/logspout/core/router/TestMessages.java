package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.util.List;
import java.util.Map;

/** Hand-made containers and messages for unit tests of pure routing logic. */
final class TestMessages {
    private TestMessages() {
    }

    static ContainerInfo container(String name) {
        String id = (name + "0123456789abcdef".repeat(4)).substring(0, 64);
        return new ContainerInfo(id, "/" + name, "busybox", "sha256:00", id.substring(0, 12), Map.of(), List.of(), 42, false, Map.of());
    }

    static LogMessage line(ContainerInfo container, String source, String data) {
        return new LogMessage(container, source, data, 1_700_000_000_000_000_000L);
    }
}
