package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.TestClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A client of a live stream, like {@code curl}: it has the response headers when it is
 * returned (so the stream is subscribed), then collects the lines as they come.
 */
final class LiveStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpResponse<InputStream> response;
    private final List<String> lines = new ArrayList<>();
    private volatile boolean ended;

    private LiveStream(HttpResponse<InputStream> response) {
        this.response = response;
        Thread.ofVirtual().name("live-stream-reader").start(this::read);
    }

    /** Opens {@code uri} with {@code headers} (name, value, name, value ...) and checks it answered 200. */
    static LiveStream open(URI uri, String... headers) {
        HttpRequest.Builder request = TestClients.request(uri);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> response = TestClients.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as("status of " + uri).isEqualTo(200);
            return new LiveStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // closed by the test or by the server
        } finally {
            ended = true;
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for a line that matches and returns it. */
    String awaitLine(Predicate<String> matcher, Duration timeout) {
        Await.until(timeout, () -> lines().stream().anyMatch(matcher), () -> "a matching line, got " + lines());
        return lines().stream().filter(matcher).findFirst().orElseThrow();
    }

    /** The pretty JSON objects received so far: each starts with a line {@code {} and ends with a line {@code }}. */
    List<Map<String, Object>> jsonObjects() {
        List<Map<String, Object>> objects = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines()) {
            current.append(line).append('\n');
            if (line.equals("}")) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = JSON.readValue(current.toString(), Map.class);
                    objects.add(object);
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + current, e);
                }
                current.setLength(0);
            }
        }
        return objects;
    }

    /** Whether the server has ended the stream. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
