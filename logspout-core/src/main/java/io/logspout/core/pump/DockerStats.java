package io.logspout.core.pump;

import java.util.Map;

/**
 * The Docker engine as the pump sees it at one moment, for {@code /health} and {@code /metrics}.
 *
 * @param address where the engine is ({@code DOCKER_HOST})
 * @param state whether the engine has answered yet, and whether the pump follows it now
 * @param error why the last attempt to reach it failed; empty when none has
 * @param events the container events seen so far, by action ({@code start}, {@code die}, ...)
 * @param containersAttached containers whose lines go to the router now
 */
public record DockerStats(String address, State state, String error, Map<String, Long> events, int containersAttached) {

    /** Where the pump stands with the engine. */
    public enum State {
        /** The engine has not answered yet: the pump is starting (or the engine was never reachable). */
        STARTING,
        /** The pump follows the engine's events. */
        UP,
        /** The engine answered before, and does not now. */
        DOWN
    }
}
