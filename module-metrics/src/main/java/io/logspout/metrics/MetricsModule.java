package io.logspout.metrics;

import io.logspout.api.JobContext;
import io.logspout.core.http.BearerToken;
import io.logspout.core.http.HttpHandler;
import io.logspout.core.http.HttpModule;
import io.logspout.core.stats.Stats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logspout's {@code metrics} module: {@code GET /metrics} in the Prometheus text format, or
 * OpenMetrics when the scraper asks for it, made with the Prometheus Java client. logspout's own
 * series are read from the core's {@link Stats} at each scrape ({@link LogspoutCollector}); the
 * JVM's and the process's come from the client's JVM instrumentation. Each logspout instance has
 * a registry of its own (nothing static), so instances embedded side by side report apart. The
 * registry is made at the first scrape: the JVM's instrumentation loads some 430 classes (JMX, the
 * JVM's diagnostic commands, JFR's) and keeps 1-2 MB that a logspout nobody scrapes does without.
 *
 * <p>Open, as {@code /health}, unless {@code METRICS_TOKEN} is set: then a scrape needs
 * {@code Authorization: Bearer <token>}.
 */
public final class MetricsModule implements HttpModule {
    private static final Logger log = LoggerFactory.getLogger(MetricsModule.class);
    static final String PATH = "/metrics";
    static final String TOKEN_SETTING = "METRICS_TOKEN";

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    @Override
    public HttpHandler create(JobContext context) {
        Stats stats = Stats.of(context);
        Optional<BearerToken> token = BearerToken.from(context.config(), TOKEN_SETTING, "logspout metrics");
        if (token.isPresent()) {
            log.info("metrics: scrapes need the bearer token of {}", TOKEN_SETTING);
        }
        return new MetricsHandler(() -> registry(stats), token);
    }

    private static PrometheusRegistry registry(Stats stats) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new LogspoutCollector(stats));
        JvmMetrics.builder().register(registry);
        return registry;
    }
}
