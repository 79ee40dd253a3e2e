package io.logspout.ui;

import io.logspout.api.JobContext;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpModule;
import io.logspout.core.http.HttpResponses;
import io.logspout.core.pump.DockerPump;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live log view: one page at {@code /} and {@code /ui/}, with its script and style sheet
 * under {@code /ui/}, that shows the lines of module-httpstream's WebSocket stream, the routes of
 * {@code /health} and, through the routes API, creates and deletes routes. {@code /ui/recent}
 * gives the last lines of each container from Docker's log, so the page is not empty when it
 * opens. {@code UI=false} turns it off.
 */
public final class UiModule implements HttpModule {
    private static final Logger log = LoggerFactory.getLogger(UiModule.class);

    private volatile boolean enabled = true;

    @Override
    public String name() {
        return "ui";
    }

    /** {@code /} and {@code /ui}; none once {@link #create} found {@code UI=false}. */
    @Override
    public List<String> paths() {
        return enabled ? List.of(UiHandler.ROOT, UiHandler.PREFIX) : List.of();
    }

    /** @throws io.logspout.api.ConfigException when a {@code UI*} setting is bad */
    @Override
    public HttpHandler create(JobContext context) {
        UiSettings settings = UiSettings.from(context.config());
        if (!settings.enabled()) {
            enabled = false;
            log.info("log view: off ({}=false)", UiSettings.ENABLED);
            return HttpResponses::notFound;
        }
        return new UiHandler(settings, context.service(DockerPump.class));
    }
}
