package io.logspout.api;

import java.util.Optional;

/** What a {@link Job} gets at setup. */
public interface JobContext {

    /** logspout's settings. */
    Config config();

    /**
     * A service of the running logspout by type; the core's own types (its router, route
     * manager and HTTP server) are offered this way to the modules built with it.
     */
    <T> Optional<T> service(Class<T> type);
}
