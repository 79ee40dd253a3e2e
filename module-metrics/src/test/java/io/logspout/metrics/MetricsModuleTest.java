package io.logspout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.TestClients;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} on the real HTTP server, without a Docker engine: formats, methods and the token. */
class MetricsModuleTest {
    @TempDir
    Path temp;

    private final List<Logspout> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Logspout::close);
    }

    private int start(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(Map.of(
                "DOCKER_HOST", "unix://" + temp.resolve("no-engine.sock"),
                "ROUTESPATH", temp.resolve("no-routes").toString(),
                "HTTP_BIND_ADDRESS", "127.0.0.1",
                "PORT", "0"));
        config.putAll(settings);
        // A route, so that its series are there (a family without series is left out of the text format).
        Logspout logspout = Logspout.builder().config(Config.of(config)).routes("tcp://127.0.0.1:9").build();
        started.add(logspout);
        return logspout.start().service(HttpServer.class).orElseThrow().address().getPort();
    }

    @Test
    void answersInThePrometheusTextFormatByDefaultAndInOpenMetricsWhenAsked() {
        int port = start(Map.of());

        HttpResponse<String> text = TestClients.send(TestClients.request(port, "/metrics"));
        HttpResponse<String> openMetrics = TestClients.send(TestClients.request(port, "/metrics")
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        HttpResponse<String> protobuf = TestClients.send(TestClients.request(port, "/metrics")
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5"));

        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("# TYPE logspout_docker_up gauge\nlogspout_docker_up 0.0\n", "# TYPE logspout_route_messages_sent_total counter",
                "logspout_route_queue_messages{route=\"",
                "logspout_containers_attached 0.0", "jvm_memory_used_bytes{area=\"heap\"}").doesNotContain("# EOF");
        assertThat(openMetrics.headers().firstValue("content-type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.body()).contains("# TYPE logspout_route_messages_sent counter", "logspout_docker_up 0.0").endsWith("# EOF\n");
        assertThat(protobuf.statusCode()).as("a scraper asking for protobuf gets text, which it also accepts").isEqualTo(200);
        assertThat(protobuf.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void takesGetAndHeadOnlyAndNothingUnderItsPath() {
        int port = start(Map.of());

        HttpResponse<String> post = TestClients.send(TestClients.request(port, "/metrics").POST(HttpRequest.BodyPublishers.ofString("x")));
        HttpResponse<String> head = TestClients.send(TestClients.request(port, "/metrics").HEAD());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(TestClients.send(TestClients.request(port, "/metrics/x")).statusCode()).isEqualTo(404);
    }

    @Test
    void withMetricsTokenAScrapeNeedsTheBearerTokenAndHealthStaysOpen() {
        int port = start(Map.of("METRICS_TOKEN", "s3cret"));

        HttpResponse<String> without = TestClients.send(TestClients.request(port, "/metrics"));
        HttpResponse<String> wrong = TestClients.send(TestClients.request(port, "/metrics").header("Authorization", "Bearer other"));
        HttpResponse<String> with = TestClients.send(TestClients.request(port, "/metrics").header("Authorization", "Bearer s3cret"));

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"logspout metrics\"");
        assertThat(without.body()).isEqualTo("401 unauthorized: send the header 'Authorization: Bearer <token>' with the token of METRICS_TOKEN\n");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).contains("logspout_docker_up 0.0");
        assertThat(TestClients.send(TestClients.request(port, "/health")).statusCode()).as("/health is not behind the token").isEqualTo(503);
    }
}
