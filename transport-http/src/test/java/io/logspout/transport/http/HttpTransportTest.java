package io.logspout.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Connection;
import io.logspout.api.RejectedException;
import io.logspout.api.RetryLaterException;
import io.logspout.api.Transport;
import io.logspout.testsupport.HttpReceiver;
import io.logspout.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against a real HTTP server on loopback. */
class HttpTransportTest {
    private static final Config CONFIG = Config.of(Map.of("TOKEN", "s3cr3t"));
    private final HttpReceiver receiver = new HttpReceiver(Function.identity(), null).start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static void post(Connection connection, String... messages) throws IOException {
        for (String message : messages) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            connection.write(bytes, 0, bytes.length);
        }
        connection.flush();
    }

    private static Map<String, String> options(String... keyValues) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    @Test
    void aFlushIsOnePostOfWhatWasWrittenWithThePathAndExpandedHeaders() throws IOException {
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), options("path", "/v1/logs",
                "header.Authorization", "Bearer $TOKEN", "header.Content-Type", "application/x-ndjson"))) {
            post(connection, "{\"a\":1}\n", "{\"b\":2}\n");
            post(connection, "{\"c\":3}\n");
        }

        assertThat(receiver.accepted()).hasSize(2);
        HttpReceiver.Request first = receiver.accepted().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/v1/logs");
        assertThat(first.header("Authorization")).isEqualTo("Bearer s3cr3t");
        assertThat(first.header("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(first.text()).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(receiver.accepted().get(1).text()).isEqualTo("{\"c\":3}\n");
    }

    @Test
    void gzipCompressesTheBody() throws IOException {
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), options("compression", "gzip"))) {
            post(connection, "x".repeat(10_000));
        }

        HttpReceiver.Request request = receiver.accepted().get(0);
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.text()).isEqualTo("x".repeat(10_000)); // the receiver gunzipped it
    }

    @Test
    void a503WithRetryAfterAsksTheSenderToWaitThatLong() throws IOException {
        receiver.answerNext(1, 503, "7");
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), Map.of())) {
            assertThatThrownBy(() -> post(connection, "line\n"))
                    .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.delayMillis()).isEqualTo(7000))
                    .hasMessageContaining("answered 503: try again later");
        }
    }

    @Test
    void a500OrATooManyRequestsWithoutRetryAfterIsAnIoErrorToRetry() throws IOException {
        receiver.answerNext(1, 500, null);
        receiver.answerNext(1, 429, null);
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), Map.of())) {
            assertThatThrownBy(() -> post(connection, "a\n")).isExactlyInstanceOf(IOException.class).hasMessageContaining("500");
            assertThatThrownBy(() -> post(connection, "b\n")).isExactlyInstanceOf(IOException.class).hasMessageContaining("429");
            post(connection, "c\n");
        }
        assertThat(receiver.accepted()).extracting(HttpReceiver.Request::text).containsExactly("c\n");
    }

    @Test
    void a400RejectsTheBatchWithTheReceiversReasonAndTheConnectionGoesOn() throws IOException {
        receiver.rejectOnce("poison", 400, "entry for stream '{app=\"x\"}' has timestamp too old\n");
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), Map.of())) {
            assertThatThrownBy(() -> post(connection, "poison\n"))
                    .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.kind()).isEqualTo("400"))
                    .hasMessageEndingWith("answered 400: entry for stream '{app=\"x\"}' has timestamp too old");
            post(connection, "fine\n");
        }
        assertThat(receiver.accepted()).extracting(HttpReceiver.Request::text).containsExactly("fine\n");
    }

    @Test
    void theRoutesAnswerCheckReadsTheBodyOfA2xxAnswer() throws IOException {
        receiver.rejectOnce("second", 200, "refused");
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), options("answer", "test-refused"))) {
            post(connection, "first\n");
            assertThatThrownBy(() -> post(connection, "second\n"))
                    .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.kind()).isEqualTo("refused"))
                    .hasMessage("http: POST http://" + receiver.address() + "/ answered 200 but refused the batch");
            post(connection, "third\n");
        }
        try (Connection connection = http.connect(receiver.address(), Map.of())) {
            receiver.rejectOnce("fourth", 200, "refused");
            post(connection, "fourth\n"); // without the option a 2xx is enough
        }
        assertThatThrownBy(() -> http.checkOptions(options("answer", "elastic")))
                .isInstanceOf(ConfigException.class).hasMessage("route option answer=elastic is not known; use status (the default: a 2xx is enough) or test-refused");
        http.checkOptions(options("answer", "status"));
    }

    @Test
    void aReceiverThatIsDownIsAnIoErrorNamingTheUrl() throws IOException {
        receiver.stop();
        Transport http = new HttpTransportFactory().create(CONFIG);
        try (Connection connection = http.connect(receiver.address(), options("connect_timeout", "2s"))) {
            assertThatThrownBy(() -> post(connection, "a\n"))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessageStartingWith("http: POST http://" + receiver.address() + "/ failed");
        }
    }

    @Test
    void httpsTrustsTheTlsTransportsCaSettings(@TempDir Path dir) throws IOException {
        TestCertificates certs = TestCertificates.create(dir);
        try (HttpReceiver https = new HttpReceiver(Function.identity(), TestCertificates.serverContext(certs.serverCert(), certs.serverKey(), null)).start()) {
            Transport transport = new HttpsTransportFactory().create(Config.of(Map.of(
                    "LOGSPOUT_TLS_CA_CERTS", certs.caCert().toString(), "LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS", "true")));
            try (Connection connection = transport.connect("localhost:" + https.port(), Map.of())) {
                post(connection, "over tls\n");
            }
            assertThat(https.accepted()).extracting(HttpReceiver.Request::text).containsExactly("over tls\n");

            Transport untrusting = new HttpsTransportFactory().create(Config.of(Map.of(
                    "LOGSPOUT_TLS_CA_CERTS", certs.otherCaCert().toString(), "LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS", "true")));
            try (Connection connection = untrusting.connect("localhost:" + https.port(), Map.of())) {
                assertThatThrownBy(() -> post(connection, "not trusted\n")).isExactlyInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void anAddressWithoutPortIsHttpsOwnPort() {
        assertThat(new HttpTransportFactory().create(CONFIG).defaultPort()).isEqualTo(80);
        assertThat(new HttpsTransportFactory().create(CONFIG).defaultPort()).isEqualTo(443);
    }

    @Test
    void badOptionsAreFoundWhenTheRouteIsCreated() {
        Transport http = new HttpTransportFactory().create(CONFIG);
        assertThatThrownBy(() -> http.checkOptions(options("compression", "zstd")))
                .isInstanceOf(ConfigException.class).hasMessage("route option compression=zstd is not known; use gzip or none (the default)");
        assertThatThrownBy(() -> http.checkOptions(options("header.Host", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("header.Host sets a header the HTTP client sets itself");
        assertThatThrownBy(() -> http.checkOptions(options("timeout", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timeout=10 is not a time");
        assertThatThrownBy(() -> http.checkOptions(options("path", "v1/logs")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("leading /");
        assertThatThrownBy(() -> http.checkOptions(options("header.Bad Name", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not name a header");
        http.checkOptions(options("path", "/a b", "timeout", "500ms", "connect_timeout", "2m", "compression", "gzip", "header.X-Scope-OrgID", "tenant"));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateCappedAtFiveMinutes() {
        assertThat(HttpConnection.retryAfter("12")).contains(Duration.ofSeconds(12));
        assertThat(HttpConnection.retryAfter("99999999")).contains(HttpConnection.MAX_RETRY_AFTER);
        assertThat(HttpConnection.retryAfter("soon")).isEmpty();
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(HttpConnection.retryAfter(past)).contains(Duration.ZERO);
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThat(HttpConnection.retryAfter(later)).contains(HttpConnection.MAX_RETRY_AFTER);
    }
}
