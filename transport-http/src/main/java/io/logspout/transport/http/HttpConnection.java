package io.logspout.transport.http;

import io.logspout.api.ByteArrayOutput;
import io.logspout.api.Connection;
import io.logspout.api.RejectedException;
import io.logspout.api.RetryLaterException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One route's HTTP destination. {@link #write} appends to the body of the next request; {@link
 * #flush} POSTs it and returns only on a {@code 2xx} answer, so what a flush that returned sent
 * is accepted and never sent again. The answers:
 *
 * <ul>
 *   <li>{@code 2xx}: accepted, unless the route's {@link AnswerCheck} finds in the answer's body
 *       that parts were refused.</li>
 *   <li>{@code 408}, {@code 429}, {@code 5xx}, no answer (refused, reset, timed out): an
 *       {@link IOException}, so the core retries the batch with backoff; a {@code Retry-After}
 *       (seconds or an HTTP date, at most {@link #MAX_RETRY_AFTER}) makes it a {@link
 *       RetryLaterException} that the backoff waits for.</li>
 *   <li>{@code 3xx}: an {@link IOException} too (retried, shown in {@code /health}): a moved
 *       endpoint is a setting to fix, not a reason to drop lines.</li>
 *   <li>other {@code 4xx}: {@link RejectedException} with the status and the first bytes of the
 *       receiver's answer: the batch is dropped, the route goes on.</li>
 * </ul>
 *
 * <p>Used by the route's sender thread only. The body buffer is reused; each request sends it
 * (or its gzip) without copying ({@link #uncopied}) and waits for the answer before the buffer is
 * touched again.
 */
final class HttpConnection implements Connection {
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    private static final int REASON_CHARS = 200;
    private static final int INITIAL_BODY_BYTES = 64 * 1024;
    private static final int RETAINED_BODY_BYTES = 4 * 1024 * 1024;

    private final HttpClient client;
    private final URI uri;
    private final HttpOptions options;
    private final ByteArrayOutput body = new ByteArrayOutput(INITIAL_BODY_BYTES, RETAINED_BODY_BYTES);
    private final GzipBuffer gzip;

    HttpConnection(HttpClient client, URI uri, HttpOptions options) {
        this.client = client;
        this.uri = uri;
        this.options = options;
        this.gzip = options.gzip() ? new GzipBuffer() : null;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        body.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (body.size() == 0) {
            return;
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("http: POST " + uri + " interrupted");
        } catch (IOException e) {
            throw new IOException("http: POST " + uri + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            body.clear(); // sent or not, the core writes the batch again into a new connection, or goes on with the next
        }
        answer(response);
    }

    private HttpRequest request() throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.timeout());
        options.headers().forEach(request::header);
        if (gzip != null) {
            gzip.compress(body);
            request.header("Content-Encoding", "gzip");
            return request.POST(uncopied(gzip.array(), gzip.size())).build();
        }
        return request.POST(uncopied(body.array(), body.size())).build();
    }

    /**
     * The first {@code length} bytes of {@code array} as one buffer that wraps them. The JDK's
     * {@code BodyPublishers.ofByteArray} copies a body into new 16 kB buffers for each request:
     * a fifth of all that an {@code otlp://} route allocated, measured. A new subscription (the
     * client sending the request again) gets the whole body again.
     */
    static HttpRequest.BodyPublisher uncopied(byte[] array, int length) {
        ByteBuffer whole = ByteBuffer.wrap(array, 0, length).asReadOnlyBuffer();
        Flow.Publisher<ByteBuffer> publisher = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (sent) {
                    return;
                }
                sent = true;
                if (n <= 0) {
                    subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                    return;
                }
                subscriber.onNext(whole.duplicate());
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                sent = true;
            }
        });
        return HttpRequest.BodyPublishers.fromPublisher(publisher, length);
    }

    private void answer(HttpResponse<byte[]> response) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (options.answerCheck() != null) {
                options.answerCheck().check(response.body(), "http: POST " + uri + " answered " + status);
            }
            return;
        }
        String said = "http: POST " + uri + " answered " + status + reason(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> wait = response.headers().firstValue("Retry-After").flatMap(HttpConnection::retryAfter);
            if (wait.isPresent()) {
                throw new RetryLaterException(said + " (Retry-After " + wait.get().toSeconds() + " s)", wait.get().toMillis());
            }
            throw new IOException(said);
        }
        if (status >= 400) {
            throw new RejectedException(Integer.toString(status), said);
        }
        throw new IOException(said + response.headers().firstValue("Location").map(location -> " (Location: " + location + "; fix the route's address or path)").orElse(""));
    }

    /** The start of the answer's body, on one line, for the log: {@code ": <text>"}, or nothing. */
    static String reason(byte[] answer) {
        String text = new String(answer, 0, Math.min(answer.length, REASON_CHARS * 4), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > REASON_CHARS ? text.substring(0, REASON_CHARS) + "..." : text);
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 10.2.3), at most {@link #MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(String value) {
        String text = value.strip();
        Duration wait;
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            wait = text.length() > 6 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(text));
        } else {
            try {
                wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** A reused buffer holding the gzip of a body. */
    private static final class GzipBuffer extends java.io.ByteArrayOutputStream {
        GzipBuffer() {
            super(INITIAL_BODY_BYTES);
        }

        void compress(ByteArrayOutput body) throws IOException {
            reset();
            if (buf.length > RETAINED_BODY_BYTES) {
                buf = new byte[INITIAL_BODY_BYTES];
            }
            try (GZIPOutputStream out = new GZIPOutputStream(this, 8192) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                out.write(body.array(), 0, body.size());
            }
        }

        byte[] array() {
            return buf;
        }
    }
}
