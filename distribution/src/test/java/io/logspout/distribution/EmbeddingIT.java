package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * logspout embedded in another program, as the README shows it: built from routes and a map of
 * settings alone (not the environment), started and closed. Two instances share this JVM, each
 * with its own settings, routes and destinations.
 */
class EmbeddingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    private static Logspout embed(String routes, String rawFormat) {
        Map<String, String> settings = Map.of(
                "DOCKER_HOST", live.docker().dockerHost(),
                "RAW_FORMAT", rawFormat,
                "HTTP_BIND_ADDRESS", "127.0.0.1",
                "PORT", "0");
        return Logspout.builder()
                .config(Config.of(settings))
                .routes(routes)
                .build()
                .start();
    }

    @Test
    void twoInstancesInOneJvmRouteRealContainersEachByItsOwnSettings() {
        String prefix = "emb" + Long.toHexString(System.nanoTime());
        try (TcpSink webSink = TcpSink.start();
                TcpSink allSink = TcpSink.start();
                Logspout all = embed("raw+tcp://" + allSink.address() + "?filter.name=" + prefix + "-*", "all {{.Data}}\n")) {
            try (Logspout web = embed("raw+tcp://" + webSink.address() + "?filter.name=" + prefix + "-web*", "web {{.Data}}\n")) {
                live.docker().run(ContainerSpec.script("echo from-web; sleep 600").namePrefix(prefix + "-web"));
                live.docker().run(ContainerSpec.script("echo from-db; sleep 600").namePrefix(prefix + "-db"));

                assertThat(webSink.awaitLine("web from-web"::equals, WAIT)).isEqualTo("web from-web");
                assertThat(allSink.awaitLine("all from-web"::equals, WAIT)).isEqualTo("all from-web");
                assertThat(allSink.awaitLine("all from-db"::equals, WAIT)).isEqualTo("all from-db");
                assertThat(webSink.lines()).as("the web instance's filter and template are its own").containsExactly("web from-web");
            }

            // Closing one instance leaves the other running.
            live.docker().run(ContainerSpec.script("echo later; sleep 600").namePrefix(prefix + "-web"));
            assertThat(allSink.awaitLine("all later"::equals, WAIT)).isEqualTo("all later");
            assertThat(webSink.lines()).containsExactly("web from-web");
        }
    }
}
