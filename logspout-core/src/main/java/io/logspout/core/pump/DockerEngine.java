package io.logspout.core.pump;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.logspout.api.ConfigException;
import io.logspout.api.Pem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The Docker engine at {@code DOCKER_HOST}. docker-java does the control plane (info, list,
 * events) over {@link DockerJavaHttpClient}; inspect goes through that client directly, so its
 * answer keeps Docker's JSON as it is. The log streams, the hot path, go through
 * {@link DockerLogClient}, the small HTTP client under both, which reads many of Docker's chunks
 * at once. Paths carry {@code /v<version>} only when {@code DOCKER_API_VERSION} is set; otherwise
 * the engine speaks its own version.
 *
 * <p>Methods throw {@link RuntimeException}s from docker-java when the engine cannot be reached,
 * {@link #logs} an {@link IOException}.
 */
final class DockerEngine implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final int MAX_ERROR_BYTES = 4096;

    private final DockerHttpClient http;
    private final DockerClient client;
    private final DockerLogClient logClient;
    private final String pathPrefix;

    DockerEngine(PumpSettings settings) {
        DockerClientConfig config;
        SSLContext tls;
        try {
            tls = settings.tlsCertPath().isPresent() ? tlsContext(Path.of(settings.tlsCertPath().get())) : null;
            config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(settings.dockerHost().toString())
                    .withDockerTlsVerify(tls != null)
                    // Ours, even without TLS: docker-java's own reader of DOCKER_CERT_PATH (or of a
                    // docker context's TLS files) needs Bouncy Castle, which logspout leaves out.
                    .withCustomSslConfig(() -> tls)
                    .withApiVersion(settings.apiVersion().orElse(null))
                    .build();
            http = new DockerJavaHttpClient(settings.dockerHost(), tls);
        } catch (GeneralSecurityException | RuntimeException e) {
            String tlsSettings = settings.tlsCertPath()
                    .map(path -> " with " + PumpSettings.DOCKER_TLS_VERIFY + " set and " + PumpSettings.DOCKER_CERT_PATH + "=" + path
                            + " (it must be a directory with ca.pem, cert.pem and key.pem)")
                    .orElse("");
            throw new ConfigException("cannot set up the Docker client for " + PumpSettings.DOCKER_HOST + "="
                    + settings.dockerHost() + tlsSettings + ": " + e.getMessage(), e);
        }
        client = DockerClientImpl.getInstance(config, http);
        logClient = new DockerLogClient(settings.dockerHost(), tls);
        pathPrefix = settings.apiVersion().map(version -> "/v" + version).orElse("");
    }

    /**
     * The TLS of a {@code DOCKER_CERT_PATH} directory, as the Docker CLI reads it: trusts the CAs
     * of {@code ca.pem} alone, presents {@code cert.pem} with {@code key.pem}.
     */
    private static SSLContext tlsContext(Path dir) throws GeneralSecurityException {
        List<X509Certificate> authorities = certificates(dir.resolve("ca.pem"));
        List<X509Certificate> chain = certificates(dir.resolve("cert.pem"));
        Path keyFile = dir.resolve("key.pem");
        PrivateKey key;
        try {
            key = Pem.privateKey(keyFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the key " + keyFile + ": " + e.getMessage() + "; give " + Pem.ACCEPTED_KEYS, e);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(Pem.keyManagers(key, chain), Pem.trustManagers(authorities), null);
        return context;
    }

    /** The certificates of a PEM file; at least one. */
    private static List<X509Certificate> certificates(Path file) {
        try {
            return Pem.requiredCertificates(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the certificates of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The engine's clock now ({@code SystemTime} of {@code GET /info}), in nanoseconds since the epoch. */
    long systemTimeNanos() {
        long time = DockerTimestamps.parse(client.infoCmd().exec().getSystemTime());
        return time != DockerTimestamps.INVALID ? time : System.currentTimeMillis() * 1_000_000L;
    }

    /** The ids of every container, running or not. */
    List<String> allContainerIds() {
        return client.listContainersCmd().withShowAll(true).exec().stream().map(Container::getId).toList();
    }

    /** The ids of the running containers. */
    List<String> runningContainerIds() {
        return client.listContainersCmd().exec().stream().map(Container::getId).toList();
    }

    /**
     * Follows the container events the pump reacts to, from {@code since} ({@code <s>.<ns>}) on;
     * the answer arrives on {@code callback} in docker-java's own thread.
     */
    void followEvents(String since, ResultCallback<Event> callback) {
        client.eventsCmd()
                .withSince(since)
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("start", "restart", "rename", "die", "destroy")
                .exec(callback);
    }

    /**
     * Inspects a container.
     *
     * @return the answer, or null when there is no such container (any more)
     * @throws IOException when the engine answers with an error
     */
    Inspection inspect(String id) throws IOException {
        try (DockerHttpClient.Response response = get("/containers/" + id + "/json")) {
            int status = response.getStatusCode();
            if (status == 404) {
                return null;
            }
            if (status != 200) {
                throw new IOException("inspect answered " + status + ": " + errorMessage(response.getBody()));
            }
            try (InputStream body = response.getBody()) {
                return Inspection.of(JSON.readValue(body, OBJECT));
            }
        }
    }

    /**
     * Opens {@code GET /containers/{id}/logs?query}; the caller checks the status and closes it.
     *
     * @throws IOException when the engine cannot be reached or does not answer in HTTP
     */
    DockerLogResponse logs(String id, String query) throws IOException {
        return logClient.open(pathPrefix + "/containers/" + id + "/logs?" + query);
    }

    /** The {@code message} of an error answer's {@code body}, or its text; closes the body. */
    static String errorMessage(InputStream answer) {
        try (InputStream body = answer) {
            String text = new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8).strip();
            try {
                Object message = JSON.readValue(text, OBJECT).get("message");
                return message != null ? message.toString() : text;
            } catch (IOException notJson) {
                return text;
            }
        } catch (IOException | RuntimeException e) {
            return "(no answer: " + e.getMessage() + ")";
        }
    }

    private DockerHttpClient.Response get(String path) {
        return http.execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(pathPrefix + path)
                .build());
    }

    @Override
    public void close() throws IOException {
        client.close();
        http.close();
    }
}
