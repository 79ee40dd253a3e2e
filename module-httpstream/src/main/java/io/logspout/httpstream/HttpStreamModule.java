package io.logspout.httpstream;

import io.logspout.api.ConfigException;
import io.logspout.api.JobContext;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpModule;
import io.logspout.core.router.Router;
import io.logspout.core.stats.LiveStreamStats;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * logspout's {@code httpstream} module: live log streams at {@code /logs} over chunked HTTP
 * (text or JSON) and WebSocket (JSON frames). See the module's README for the endpoints.
 *
 * <p>The instance that logspout loaded ({@code logspout.plugins().httpModules().get("logs")})
 * tells how many streams are open and how many slow clients were cut off; {@code /metrics} reads
 * them as {@link LiveStreamStats}.
 */
public final class HttpStreamModule implements HttpModule, LiveStreamStats {
    private final List<LogsHandler> handlers = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public List<String> paths() {
        return List.of(StreamRequest.PATH);
    }

    /** @throws ConfigException when a {@code HTTPSTREAM_*} setting is bad */
    @Override
    public HttpHandler create(JobContext context) {
        Router router = context.service(Router.class)
                .orElseThrow(() -> new IllegalStateException("the httpstream module needs the core's Router service"));
        LogsHandler handler = new LogsHandler(router, StreamSettings.from(context.config()), ZoneId.systemDefault());
        handlers.add(handler);
        return handler;
    }

    /** Streams open now: each is one subscriber of the router. */
    @Override
    public int openStreams() {
        return handlers.stream().mapToInt(LogsHandler::openStreams).sum();
    }

    /** Clients disconnected so far because they fell {@code HTTPSTREAM_QUEUE_SIZE} lines behind. */
    @Override
    public long slowClientsDisconnected() {
        return handlers.stream().mapToLong(LogsHandler::slowClientsDisconnected).sum();
    }
}
