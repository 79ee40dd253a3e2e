package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts lose nothing: the runnable jar with {@code CHECKPOINT_PATH}, stopped with SIGTERM or
 * SIGKILL while containers write, started again; real containers on the test engine, a real TCP
 * receiver.
 */
class DeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    @TempDir
    Path temp;

    private final String prefix = "dl" + UUID.randomUUID().toString().substring(0, 6);

    private Path checkpoints;

    @BeforeEach
    void checkpointDirectory() throws IOException {
        checkpoints = Files.createDirectories(temp.resolve("checkpoints"));
    }

    private Process start(TcpSink sink) throws IOException {
        Process logspout = LogspoutProcess.start(temp, Map.of("CHECKPOINT_PATH", checkpoints.toString()),
                "tcp://" + sink.address() + "?filter.name=" + prefix + "-*");
        live.closingLast(() -> stop(logspout));
        return logspout;
    }

    /** SIGTERM, as docker stop sends: logspout sends what it holds, saves its cursors and exits. */
    private static void stop(Process logspout) throws InterruptedException {
        logspout.destroy();
        assertThat(logspout.waitFor(60, TimeUnit.SECONDS)).as("logspout stops on SIGTERM").isTrue();
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = live.docker().run(spec.namePrefix(prefix));
        live.closingLast(container::remove);
        return container;
    }

    /** Prints {@code count} lines {@code <tag><n>}, about 2 000 a second, so a test can stop logspout midway. */
    private static ContainerSpec numbered(String tag, int count, String then) {
        return ContainerSpec.script("i=1; while [ $i -le " + count + " ]; do echo " + tag + "$i; "
                + "[ $((i % 200)) = 0 ] && sleep 0.1; i=$((i+1)); done; " + then);
    }

    private static List<String> lines(String tag, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> tag + i).toList();
    }

    /** The numbered lines {@code <tag><n>...} among {@code lines}, in order. */
    private static List<String> tagged(List<String> lines, String tag) {
        return lines.stream().filter(line -> line.matches(tag + "\\d+.*")).toList();
    }

    private String stderr() {
        return LogspoutProcess.output(temp, "stderr");
    }

    /** The saved cursors file, empty before the first save. */
    private String savedCursors() {
        return LogspoutProcess.output(checkpoints, "cursors.json");
    }

    @Test
    void sigtermMidStreamThenContainersExitOrStartAndExitWhileDownNothingLostNothingRepeated() throws Exception {
        TcpSink sink = live.sink();
        Process first = start(sink);
        TestContainer app = run(numbered("a", 30_000, "true"));
        sink.awaitLine("a5000"::equals, WAIT);
        stop(first);
        assertThat(app.waitForExit(WAIT)).isZero(); // it writes the rest while logspout is down
        // Created and exited while logspout is down, so only a catch-up reads it; its last line has no \n.
        TestContainer brief = run(numbered("b", 2_000, "printf b-last-without-newline"));
        assertThat(brief.waitForExit(WAIT)).isZero();

        Process second = start(sink);
        run(ContainerSpec.script("echo marker; sleep 600"));
        sink.awaitLine("marker"::equals, WAIT);
        Await.until(WAIT, () -> sink.lines().contains("a30000") && sink.lines().contains("b-last-without-newline"),
                () -> "a30000 and b-last-without-newline");
        stop(second);
        Process third = start(sink); // proves nothing more comes: a later start finds nothing new to send
        run(ContainerSpec.script("echo second-marker; sleep 600"));
        sink.awaitLine("second-marker"::equals, WAIT);

        List<String> got = sink.lines();
        assertThat(tagged(got, "a")).isEqualTo(lines("a", 30_000));
        assertThat(tagged(got, "b")).isEqualTo(lines("b", 2_000));
        assertThat(got).containsOnlyOnce("b-last-without-newline");
        assertThat(got.indexOf("b-last-without-newline")).isGreaterThan(got.indexOf("b2000"));
        assertThat(got).containsOnlyOnce("marker");
        assertThat(stderr()).contains("routes resume 1 containers after their cursors");

        // Cursors of removed containers are not kept.
        stop(third);
        assertThat(savedCursors()).contains(app.id(), brief.id());
        brief.remove();
        Process fourth = start(sink);
        run(ContainerSpec.script("echo third-marker; sleep 600"));
        sink.awaitLine("third-marker"::equals, WAIT);
        stop(fourth);
        assertThat(savedCursors()).contains(app.id()).doesNotContain(brief.id());
    }

    @Test
    void sigkillMidStreamLosesNothingAndRepeatsAtMostTheLinesSentSinceTheLastSave() throws Exception {
        TcpSink sink = live.sink();
        Process first = start(sink);
        TestContainer app = run(numbered("k", 20_000, "echo k-done; sleep 600"));
        Await.until(WAIT, () -> savedCursors().contains(app.id()), () -> "a first save");
        int atFirstSave = tagged(sink.lines(), "k").size();
        sink.awaitLine(("k" + (atFirstSave + 3_000))::equals, WAIT);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int beforeKill = tagged(sink.lines(), "k").size();

        start(sink);
        sink.awaitLine("k-done"::equals, WAIT);

        List<String> got = tagged(sink.lines(), "k");
        assertThat(new LinkedHashSet<>(got)).as("every line, first seen in order").containsExactlyElementsOf(lines("k", 20_000));
        int repeats = got.size() - 20_000;
        System.out.printf("SIGKILL after %d lines: %d repeated%n", beforeKill, repeats);
        assertThat(repeats).as("repeats: at most the lines sent since the last save, a second's worth (not the %d before the kill)", beforeKill)
                .isLessThanOrEqualTo(beforeKill - atFirstSave);
        assertThat(app.isRunning()).isTrue();
    }

    @Test
    void linesRotatedAwayWhileLogspoutIsDownAreReportedAsAGap() throws Exception {
        TcpSink sink = live.sink();
        Process first = start(sink);
        String padding = "x".repeat(90);
        TestContainer app = run(ContainerSpec.script("echo r-first; while [ ! -f /tmp/go ]; do sleep 0.1; done; "
                        + "seq 1 40000 | sed 's/^/r/; s/$/ " + padding + "/'; echo r-last; sleep 600")
                .logOption("max-size", "1m").logOption("max-file", "2"));
        sink.awaitLine("r-first"::equals, WAIT);
        stop(first);
        app.exec("touch /tmp/go"); // 4 MB while logspout is down: the oldest of it is rotated away
        Await.until(WAIT, () -> app.logs().stdout().contains("r-last"), () -> "the container to finish writing");

        start(sink);
        sink.awaitLine("r-last"::equals, WAIT);

        assertThat(sink.lines()).containsOnlyOnce("r-first", "r-last");
        List<String> got = tagged(sink.lines(), "r");
        int firstAfterGap = Integer.parseInt(got.getFirst().substring(1, got.getFirst().indexOf(' ')));
        assertThat(firstAfterGap).as("the first lines are gone").isGreaterThan(1);
        assertThat(got).isEqualTo(IntStream.rangeClosed(firstAfterGap, 40_000).mapToObj(i -> "r" + i + " " + padding).toList());
        assertThat(stderr()).contains("gap in " + app.name() + " (" + app.shortId() + ")", "no longer in Docker's log");
        HttpResponse<String> health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LogspoutProcess.httpPort(temp) + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"gaps\": 1", "\"container\": \"" + app.name() + "\"", "\"after\": ", "\"before\": ");
    }
}
