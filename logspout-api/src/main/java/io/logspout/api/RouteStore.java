package io.logspout.api;

import java.io.IOException;
import java.util.List;

/**
 * Keeps the routes created at runtime (through the routes API) so that they come back at the
 * next start. Routes given as URIs on the command line are never stored.
 */
public interface RouteStore {

    /** Every stored route. A route that cannot be read is reported and left out, never fatal. */
    List<Route> load() throws IOException;

    /** Stores {@code route}, replacing a stored route with the same id. */
    void save(Route route) throws IOException;

    /** Forgets the route with this id; does nothing when there is none. */
    void remove(String id) throws IOException;
}
