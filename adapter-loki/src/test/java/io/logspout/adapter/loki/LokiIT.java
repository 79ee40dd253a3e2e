package io.logspout.adapter.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.core.Logspout;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.HttpReceiver;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TestContainer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code loki://} end to end: an embedded logspout on the test engine, real containers and a
 * loopback receiver that reads each push body strictly ({@link LokiPush}); a body it cannot
 * read is answered 400 and its lines would be missing.
 */
class LokiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private final String prefix = "loki" + UUID.randomUUID().toString().substring(0, 6);

    private static List<LokiPush.Line> lines(HttpReceiver receiver) {
        return receiver.accepted().stream().flatMap(request -> ((LokiPush) request.decoded()).lines().stream()).toList();
    }

    private static List<String> texts(HttpReceiver receiver) {
        return lines(receiver).stream().map(LokiPush.Line::line).toList();
    }

    private HttpReceiver receiver() {
        return live.closing(new HttpReceiver(LokiPush::decode, null));
    }

    private Logspout logspout(String route) {
        return live.closing(Logspout.builder().config(Config.environment()).routes(route).build().start());
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = live.docker().run(spec.namePrefix(prefix));
        live.closingLast(container::remove);
        return container;
    }

    @Test
    void eachContainerAndSourceIsAStreamWithItsLabelsAndTheKeyAsStructuredMetadata() {
        HttpReceiver receiver = receiver().start();
        logspout("loki://" + receiver.address() + "?filter.name=" + prefix + "-*&hostname=docker-host-1&labels=com.docker.compose.service%2C9tier%2Cmissing&header.X-Scope-OrgID=team-a");

        TestContainer app = run(ContainerSpec.script("echo one; echo 'two ✗' >&2; echo three; sleep 600")
                .label("com.docker.compose.service", "web").label("9tier", "front"));

        Await.until(WAIT, () -> lines(receiver).size() >= 3, () -> "3 lines, got " + texts(receiver));
        List<LokiPush.Line> lines = lines(receiver);
        assertThat(lines).filteredOn(line -> line.labels().get("source").equals("stdout")).extracting(LokiPush.Line::line).containsExactly("one", "three");
        LokiPush.Line two = lines.stream().filter(line -> line.line().equals("two ✗")).findFirst().orElseThrow();
        assertThat(two.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "container_name", app.name(), "host", "docker-host-1", "source", "stderr",
                "com_docker_compose_service", "web", "_9tier", "front"));
        // The message's key: the container, Docker's time and the line's number among those with that time (0 here).
        assertThat(two.metadata()).containsExactly(Map.entry("log_record_uid", app.id() + ":" + two.timeNanos() + ":0"));
        assertThat(two.timeNanos()).isGreaterThan(1_700_000_000_000_000_000L);
        HttpReceiver.Request request = receiver.accepted().get(0);
        assertThat(request.path()).isEqualTo("/loki/api/v1/push");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
    }

    @Test
    void aReceiverAnswering503ForAWhileGetsEveryLineOnceInOrder() {
        HttpReceiver receiver = receiver().start();
        receiver.answerNext(3, 503, null);
        logspout("loki://" + receiver.address() + "?filter.name=" + prefix + "-*&compression=gzip&batch.count=40");

        run(ContainerSpec.script("i=1; while [ $i -le 300 ]; do echo \"line $i\"; i=$((i+1)); done; sleep 600"));

        Await.until(WAIT, () -> lines(receiver).size() >= 300, () -> "300 lines, got " + lines(receiver).size());
        assertThat(texts(receiver)).containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(i -> "line " + i).toList());
        assertThat(receiver.answered()).startsWith(503, 503, 503);
    }

    @Test
    void aLabelThatBecomesOneLogspoutSetsIsABadRoute() {
        Logspout logspout = live.closing(Logspout.builder().config(Config.environment()).routes("loki://127.0.0.1:3100?labels=host").build());
        assertThatThrownBy(logspout::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("route option labels names a container label that becomes 'host'");
    }
}
