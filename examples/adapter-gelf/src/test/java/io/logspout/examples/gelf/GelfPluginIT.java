package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.DockerHost;
import io.logspout.testsupport.TestCertificates;
import io.logspout.testsupport.TestContainer;
import io.logspout.testsupport.UdpSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a user installs it: this project's jar dropped into the plugin directory of the
 * standard logspout jar, which runs as its own process against the test engine; a real busybox
 * container writes to stdout and stderr, and a GELF receiver decodes what arrives.
 */
class GelfPluginIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOST = "gelf-it-host";
    /** A short line on each stream, and 20 000 random letters on stdout: gzipped still about 12 KB, so chunked. */
    private static final String SCRIPT = "echo out-line; echo err-line >&2;"
            + " awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++) printf \"%c\", 97 + int(rand() * 26); print \"\" }';"
            + " sleep 600";

    private static DockerHost docker;
    private static Path logspoutJar;
    private static Path pluginJar;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() {
        logspoutJar = existing("logspout.jar", "../../distribution/target/logspout.jar",
                "build it at the root of logspout with ./mvnw -B package -pl distribution -am -DskipTests, or give its path with -Dlogspout.jar=PATH");
        pluginJar = existing("plugin.jar", null,
                "run this test through Maven (./mvnw -f examples/adapter-gelf/pom.xml verify), which packages the plugin and names its jar");
        docker = DockerHost.connect();
    }

    @AfterAll
    static void cleanUp() {
        if (docker != null) {
            docker.close();
        }
    }

    /** The file that system property {@code property} names, else {@code fallback}; fails with {@code fix} when it is not there. */
    private static Path existing(String property, String fallback, String fix) {
        String value = System.getProperty(property, fallback);
        if (value == null) {
            throw new IllegalStateException("the system property " + property + " is not set; " + fix);
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(property + ": no file at " + path + "; " + fix);
        }
        return path;
    }

    @Test
    void overUdpStdoutStderrAndAChunkedLongLineArriveAsGelf() throws Exception {
        try (UdpSink sink = UdpSink.start()) {
            Supplier<List<JsonNode>> received = () -> GelfDecoder.datagrams(sink.datagramBytes());
            TestContainer app = routeOneContainer("gelf://" + sink.address(), Map.of(), received);

            checkMessages(received.get(), app);
            assertThat(sink.datagramBytes()).as("the long line went as GELF chunks")
                    .anySatisfy(datagram -> assertThat(GelfDecoder.Chunk.isChunk(datagram)).isTrue());
        }
    }

    @Test
    void overTcpEachMessageIsNullTerminatedJson() throws Exception {
        try (GelfTcpReceiver receiver = GelfTcpReceiver.start()) {
            TestContainer app = routeOneContainer("gelf+tcp://" + receiver.address(), Map.of(), receiver::messages);

            checkMessages(receiver.messages(), app);
        }
    }

    @Test
    void overTlsTheSameThroughLogspoutsTlsTransport() throws Exception {
        TestCertificates certificates = TestCertificates.create(temp.resolve("certs"));
        try (GelfTcpReceiver receiver = GelfTcpReceiver.startTls(certificates.serverCert(), certificates.serverKey())) {
            TestContainer app = routeOneContainer("gelf+tls://" + receiver.address(),
                    Map.of("LOGSPOUT_TLS_CA_CERTS", certificates.caCert().toString()), receiver::messages);

            checkMessages(receiver.messages(), app);
        }
    }

    /**
     * Runs logspout with a route to {@code destination} for one container of {@link #SCRIPT}, until
     * its three messages are {@code received}; returns the container.
     */
    private TestContainer routeOneContainer(String destination, Map<String, String> env, Supplier<List<JsonNode>> received) throws Exception {
        String prefix = uniquePrefix();
        Process logspout = start(destination + "?filter.name=" + prefix + "-*", env);
        try {
            TestContainer app = docker.run(container(prefix));
            Await.until(WAIT, () -> received.get().size() >= 3 || !logspout.isAlive(),
                    () -> "3 GELF messages, got " + received.get().size() + "; logspout's stderr:\n" + stderr());
            return app;
        } finally {
            logspout.destroy();
            assertThat(logspout.waitFor(30, TimeUnit.SECONDS)).as("logspout stops on SIGTERM").isTrue();
        }
    }

    private static String uniquePrefix() {
        return "gelf" + Long.toHexString(System.nanoTime());
    }

    private static ContainerSpec container(String prefix) {
        return ContainerSpec.script(SCRIPT).namePrefix(prefix).label("gelf_service", "web").label("team", "not sent");
    }

    /**
     * Starts {@code java -jar logspout.jar ROUTE} with this plugin's jar in its plugin directory
     * and {@code env} added to its environment, and waits for its banner.
     */
    private Process start(String route, Map<String, String> env) throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", logspoutJar.toString(), route)
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().remove("ROUTE_URIS");
        builder.environment().putAll(Map.of(
                "LOGSPOUT_PLUGINS", plugins.toString(),
                "DOCKER_HOST", docker.dockerHost(),
                "PORT", "0", // any free port for its HTTP server: runs may overlap
                "HTTP_BIND_ADDRESS", "127.0.0.1",
                "GELF_HOSTNAME", HOST));
        builder.environment().putAll(env);
        Process logspout = builder.start();
        Await.until(WAIT, () -> stderr().contains("# routes") || !logspout.isAlive(), () -> "logspout's banner; its stderr:\n" + stderr());
        assertThat(logspout.isAlive()).as("logspout runs; its stderr:\n%s", stderr()).isTrue();
        assertThat(stderr()).as("the banner lists the plugin jar and its adapter")
                .contains("# plugins : " + pluginJar.getFileName())
                .containsPattern("# adapters: .*\\bgelf\\b");
        return logspout;
    }

    private String stderr() {
        try {
            return Files.readString(temp.resolve("stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The three lines of the container, each with every field as the adapter documents it. */
    private static void checkMessages(List<JsonNode> messages, TestContainer app) {
        String longLine = app.logs().stdout().lines().toList().get(1);
        assertThat(longLine).hasSize(20_000);
        Map<String, JsonNode> byLine = messages.stream()
                .collect(Collectors.toMap(message -> message.get("short_message").textValue(), Function.identity()));
        assertThat(byLine).containsOnlyKeys("out-line", "err-line", longLine);
        assertThat(byLine.get("out-line").get("level").intValue()).isEqualTo(6);
        assertThat(byLine.get("err-line").get("level").intValue()).isEqualTo(3);
        assertThat(byLine.get(longLine).get("level").intValue()).isEqualTo(6);
        for (JsonNode message : messages) {
            assertThat(message.get("version").textValue()).isEqualTo("1.1");
            assertThat(message.get("host").textValue()).isEqualTo(HOST);
            // Docker's time of the line, to the millisecond (a double holds today's milliseconds
            // exactly); the long line's parts each have a time of their own in docker logs.
            String line = message.get("short_message").textValue();
            if (!line.equals(longLine)) {
                assertThat(Math.round(message.get("timestamp").doubleValue() * 1000)).isEqualTo(app.loggedAt(line).toEpochMilli());
            }
            assertThat(message.get("_container_id").textValue()).isEqualTo(app.id());
            assertThat(message.get("_container_name").textValue()).isEqualTo(app.name());
            assertThat(message.get("_image_name").textValue()).isEqualTo(ContainerSpec.BUSYBOX);
            assertThat(message.get("_image_id").textValue()).isEqualTo(app.inspect("{{.Image}}"));
            assertThat(message.get("_command").textValue()).isEqualTo("sh -c " + SCRIPT);
            assertThat('"' + message.get("_created").textValue() + '"').isEqualTo(app.inspect("{{json .Created}}"));
            assertThat(message.get("_service").textValue()).isEqualTo("web");
            assertThat(message.has("_team")).isFalse();
        }
    }
}
