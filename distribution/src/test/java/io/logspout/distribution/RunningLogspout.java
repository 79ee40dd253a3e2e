package io.logspout.distribution;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import java.util.HashMap;
import java.util.Map;

/** An embedded logspout on the test engine (DOCKER_HOST comes from scripts/test.sh). */
final class RunningLogspout implements AutoCloseable {
    final Logspout logspout;

    private RunningLogspout(Logspout logspout) {
        this.logspout = logspout;
    }

    static RunningLogspout start(String routes, Map<String, String> settings) {
        // Its HTTP server on a free loopback port: tests may run several logspouts at once.
        Map<String, String> all = new HashMap<>(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"));
        all.putAll(settings);
        Config config = Config.environment().withOverrides(all);
        return new RunningLogspout(Logspout.builder().config(config).routes(routes).build().start());
    }

    static RunningLogspout start(String routes) {
        return start(routes, Map.of());
    }

    /** The running route to {@code address}. */
    RouteChannel channelTo(String address) {
        return logspout.routes().channels().stream()
                .filter(channel -> channel.route().address().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route to " + address));
    }

    /** Stops logspout; its routes send what they still hold before this returns. */
    @Override
    public void close() {
        logspout.close();
    }
}
