package io.logspout.core.http;

import io.logspout.api.JobContext;
import java.util.List;

/**
 * A part of logspout's HTTP server contributed by a module ({@code logs}, {@code routes}, ...),
 * found through {@code META-INF/services/io.logspout.core.http.HttpModule}. The server runs only
 * when at least one module is present.
 */
public interface HttpModule {

    /** Short name for the banner: {@code http[logs,routes]:80}. */
    String name();

    /**
     * The paths this module serves: a request whose path equals one of them, or starts with one
     * followed by {@code /}, goes to this module ({@code /routes} takes {@code /routes/abc});
     * {@code /} takes the root page alone. Asked after {@link #create}: a module that its own
     * setting turned off answers none, and the server leaves it out of its name in the banner.
     */
    List<String> paths();

    /** Creates the handler once, at setup; {@code context} offers the router and the route manager. */
    HttpHandler create(JobContext context);
}
