package io.logspout.metrics;

import io.logspout.core.http.BearerToken;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers {@code GET} and {@code HEAD /metrics} with a scrape of the registry, in the format the
 * {@code Accept} header asks for: OpenMetrics text for {@code application/openmetrics-text} (as
 * Prometheus asks by default), else the Prometheus text format 0.0.4. Protocol Buffers, which
 * would need another library, are never chosen: a scraper that asks for them also accepts text.
 * The scrape reads counters and copies the routes' queue sizes; it does not block, so it runs on
 * the event loop. The registry and the formats are made at the first scrape (see {@link MetricsModule}).
 */
final class MetricsHandler implements HttpHandler {
    private static final String ALLOWED = HttpMethod.GET + ", " + HttpMethod.HEAD;

    private final Supplier<PrometheusRegistry> newRegistry;
    private final Optional<BearerToken> token;
    private PrometheusRegistry registry;
    private ExpositionFormats formats;

    MetricsHandler(Supplier<PrometheusRegistry> newRegistry, Optional<BearerToken> token) {
        this.newRegistry = newRegistry;
        this.token = token;
    }

    @Override
    public void handle(ChannelHandlerContext context, FullHttpRequest request) throws IOException {
        if (!HttpResponses.pathOf(request).equals(MetricsModule.PATH)) {
            HttpResponses.notFound(context, request);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            HttpResponses.methodNotAllowed(context, request, ALLOWED);
            return;
        }
        if (token.isPresent() && !token.get().admits(request)) {
            token.get().refuse(context, request);
            return;
        }
        PrometheusRegistry scraped = registry();
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        ExpositionFormatWriter writer = writer(accept);
        ByteBuf body = context.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            writer.write(out, scraped.scrape(), EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        context.writeAndFlush(response);
    }

    /** The registry, made with the formats at the first scrape; the server's event loops may ask at once. */
    private synchronized PrometheusRegistry registry() {
        if (registry == null) {
            registry = newRegistry.get();
            formats = ExpositionFormats.init();
        }
        return registry;
    }

    private ExpositionFormatWriter writer(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (writer.isAvailable()) {
            return writer;
        }
        return formats.getOpenMetricsTextFormatWriter().accepts(accept) ? formats.getOpenMetricsTextFormatWriter() : formats.getPrometheusTextFormatWriter();
    }
}
