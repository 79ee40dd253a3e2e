package io.logspout.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logspout.api.LogMessage;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpResponses;
import io.logspout.core.pump.DockerPump;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the page, its files and {@code /ui/recent}. The files are read from the jar once, at
 * setup; the page gets the settings as attributes of its {@code <html>} element.
 */
final class UiHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(UiHandler.class);
    static final String ROOT = "/";
    static final String PREFIX = "/ui";
    static final String RECENT = PREFIX + "/recent";
    private static final String LINES = "lines";
    private static final JsonFactory JSON = new JsonFactory();
    /** The page is small and changes with logspout's version: browsers ask again each time. */
    private static final String NO_CACHE = "no-cache";
    private static final String SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** A file of the page: its bytes and content type. */
    private record StaticFile(byte[] bytes, String contentType) {
    }

    private final UiSettings settings;
    private final Optional<DockerPump> pump;
    private final StaticFile page;
    private final Map<String, StaticFile> files;

    UiHandler(UiSettings settings, Optional<DockerPump> pump) {
        this.settings = settings;
        this.pump = pump;
        String html = new String(resource("index.html"), StandardCharsets.UTF_8)
                .replace("data-max-lines=\"\"", "data-max-lines=\"" + settings.maxLines() + "\"")
                .replace("data-tail=\"\"", "data-tail=\"" + (pump.isPresent() ? settings.tail() : 0) + "\"");
        this.page = new StaticFile(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        this.files = Map.of(
                PREFIX + "/app.js", new StaticFile(resource("app.js"), "text/javascript; charset=utf-8"),
                PREFIX + "/stream.js", new StaticFile(resource("stream.js"), "text/javascript; charset=utf-8"),
                PREFIX + "/micros.js", new StaticFile(resource("micros.js"), "text/javascript; charset=utf-8"),
                PREFIX + "/app.css", new StaticFile(resource("app.css"), "text/css; charset=utf-8"),
                PREFIX + "/favicon.svg", new StaticFile(resource("favicon.svg"), "image/svg+xml"));
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the log view's file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log view's file " + name, e);
        }
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = HttpResponses.pathOf(request);
        StaticFile file = path.equals(ROOT) || path.equals(PREFIX) || path.equals(PREFIX + "/") ? page : files.get(path);
        if (file == null && !path.equals(RECENT)) {
            HttpResponses.notFound(ctx, request);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!request.method().equals(HttpMethod.GET) && !(head && file != null)) {
            HttpResponses.methodNotAllowed(ctx, request, file != null ? "GET, HEAD" : "GET");
            return;
        }
        if (file != null) {
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(file.bytes()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, file.bytes().length)
                    .set(HttpHeaderNames.CACHE_CONTROL, NO_CACHE)
                    .set("X-Content-Type-Options", "nosniff")
                    .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, SECURITY_POLICY);
            ctx.writeAndFlush(response);
            return;
        }
        recent(ctx, request);
    }

    /** {@code /ui/recent?lines=N}: reads Docker's logs on a virtual thread, the event loop must not wait. */
    private void recent(ChannelHandlerContext ctx, FullHttpRequest request) {
        int lines = settings.tail();
        List<String> asked = new QueryStringDecoder(request.uri()).parameters().get(LINES);
        if (asked != null) {
            try {
                lines = Integer.parseInt(asked.getFirst());
            } catch (NumberFormatException e) {
                lines = -1;
            }
            int most = UiSettings.maxTail(settings.maxLines());
            if (lines < 1 || lines > most) {
                HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "Bad request: " + LINES + "=" + asked.getFirst()
                        + " is not a number of lines from 1 to " + most);
                return;
            }
        }
        if (pump.isEmpty() || lines == 0) {
            HttpResponses.json(ctx, request, HttpResponseStatus.OK, "[]\n");
            return;
        }
        // The request is released when this returns; the answer needs only its version and headers.
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(), request.headers().copy());
        int perContainer = lines;
        Thread.ofVirtual().name("ui-recent").start(() -> {
            try {
                List<LogMessage> recent = pump.get().recentLines(perContainer);
                // The page keeps no more than UI_MAX_LINES: the newest of them.
                HttpResponses.json(ctx, head, HttpResponseStatus.OK, json(recent.subList(Math.max(0, recent.size() - settings.maxLines()), recent.size())));
            } catch (InterruptedException e) {
                ctx.close();
            } catch (RuntimeException e) {
                log.warn("log view: the last lines of the containers cannot be read: {}", e.toString());
                HttpResponses.error(ctx, head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 the containers' last lines cannot be read: " + e);
            }
        });
    }

    /**
     * The lines as a JSON array of {@code {"id", "name", "source", "data", "time"}}: the short id,
     * the name without its {@code /}, and Docker's time in RFC 3339 (UTC, nanoseconds).
     */
    static String json(List<LogMessage> lines) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            for (LogMessage line : lines) {
                json.writeStartObject();
                json.writeStringField("id", line.container().shortId());
                json.writeStringField("name", line.container().bareName());
                json.writeStringField("source", line.source());
                json.writeStringField("data", line.data());
                json.writeStringField("time", line.time().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.append('\n').toString();
    }
}
