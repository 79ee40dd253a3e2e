package io.logspout.routesapi;

import io.logspout.api.JobContext;
import io.logspout.core.http.BearerToken;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpModule;
import io.logspout.core.pump.DockerPump;
import io.logspout.core.route.RouteManager;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logspout's routes API, {@code /routes}: list, read, create (or replace by id) and delete
 * routes at runtime. Routes created here are kept in the route store ({@code ROUTESPATH}) and
 * come back at the next start. Open to anyone who reaches the port, as in logspout, unless
 * {@code ROUTES_TOKEN} is set: then every request needs {@code Authorization: Bearer <token>}.
 */
public final class RoutesApiModule implements HttpModule {
    private static final Logger log = LoggerFactory.getLogger(RoutesApiModule.class);
    static final String TOKEN_SETTING = "ROUTES_TOKEN";

    @Override
    public String name() {
        return "routes";
    }

    @Override
    public List<String> paths() {
        return List.of(RoutesHandler.ROOT);
    }

    @Override
    public HttpHandler create(JobContext context) {
        RouteManager routes = context.service(RouteManager.class)
                .orElseThrow(() -> new IllegalStateException("the routes API needs the RouteManager service"));
        Optional<BearerToken> token = BearerToken.from(context.config(), TOKEN_SETTING, "logspout routes");
        if (token.isPresent()) {
            log.info("routes API: requests need the bearer token of {}", TOKEN_SETTING);
        } else {
            log.info("routes API: open to anyone who reaches the HTTP port; set {} to require a bearer token", TOKEN_SETTING);
        }
        return new RoutesHandler(routes, context.service(DockerPump.class), token);
    }
}
