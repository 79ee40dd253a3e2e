package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.DockerHost;
import io.logspout.testsupport.TestCertificates;
import io.logspout.testsupport.TestContainer;
import io.logspout.testsupport.UnixSocketProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pump against the real Docker engine at {@code DOCKER_HOST}, delivering into a collecting
 * sink. Each test starts its own pump and removes its containers afterwards; the engine may hold
 * other containers, so everything is checked per container.
 */
class DockerPumpIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Prints a numbered line every 0.2 s: output that keeps coming while a test watches. */
    private static final String TICKER = "i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.2; done";

    private final CollectingSink sink = new CollectingSink();
    private final AtomicReference<Throwable> pumpFailure = new AtomicReference<>();
    private DockerHost docker;
    private DockerPump pump;
    private Thread pumpThread;

    @BeforeEach
    void connect() {
        docker = DockerHost.connect();
    }

    @AfterEach
    void stopPumpAndRemoveContainers() throws InterruptedException {
        try {
            if (pump != null) {
                pump.stop();
                pumpThread.join(Duration.ofSeconds(15));
                assertThat(pumpThread.isAlive()).as("the pump stopped").isFalse();
                assertThat(pumpFailure.get()).as("the pump ended without error").isNull();
            }
            assertThat(sink.violations()).as("feed contract").isEmpty();
        } finally {
            docker.close();
        }
    }

    @Test
    void readsContainersRunningBeforeAndStartedAfterThePumpWithDockersTimestamps() {
        TestContainer early = docker.run(ContainerSpec.script("echo early-out; echo early-err >&2; sleep 600").namePrefix("pump-early"));
        Await.until(TIMEOUT, () -> early.logs().stderr().contains("early-err"), () -> "early's output, got " + early.logs());
        startPump();
        TestContainer late = docker.run(ContainerSpec.script("echo late-out; echo late-err >&2; sleep 600").namePrefix("pump-late"));

        awaitLines(early, 2);
        awaitLines(late, 2);
        early.exec("echo more > /proc/1/fd/1");
        awaitLines(early, 3);

        // Docker keeps the order within stdout and within stderr, not between them.
        assertThat(sourcesAndLines(early)).containsExactlyInAnyOrder("stdout:early-out", "stderr:early-err", "stdout:more");
        assertThat(sourcesAndLines(early).getLast()).isEqualTo("stdout:more");
        assertThat(sourcesAndLines(late)).containsExactlyInAnyOrder("stdout:late-out", "stderr:late-err");
        List<LogMessage> earlyMessages = sink.messages(early.id());
        assertThat(earlyMessages).as("Docker's times of the lines, before the pump started and after")
                .allSatisfy(message -> assertThat(message.time()).isEqualTo(early.loggedAt(message.data())));
        LogMessage first = earlyMessages.getFirst();
        assertThat(first.container().id()).isEqualTo(early.id());
        assertThat(first.container().name()).isEqualTo("/" + early.name());
        assertThat(first.container().image()).isEqualTo(ContainerSpec.BUSYBOX);
        assertThat(first.container().labels()).containsEntry(DockerHost.SESSION_LABEL, docker.session());
        assertThat(first.container().inspect()).containsKeys("Id", "State", "Config", "HostConfig");
        assertThat(pump.engineReachable()).isTrue();
        assertThat(pump.attachedContainers()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void deliversLinesLongerThanDockersPartialSizeAsOneMessage() {
        startPump();
        TestContainer big = docker.run(ContainerSpec.script(
                "head -c 102400 /dev/zero | tr '\\0' a; echo;"
                        // Two long lines written at the same time: their partial entries interleave.
                        + " (head -c 70000 /dev/zero | tr '\\0' o; echo) & (head -c 60000 /dev/zero | tr '\\0' e; echo) >&2; wait;"
                        + " echo end; sleep 600").namePrefix("pump-big"));

        awaitLines(big, 4);

        assertThat(sourcesAndLines(big)).containsExactlyInAnyOrder(
                "stdout:" + "a".repeat(102400), "stdout:" + "o".repeat(70000), "stderr:" + "e".repeat(60000), "stdout:end");
        assertThat(sink.messages(big.id()).stream().filter(message -> message.source().equals(LogMessage.STDOUT)).map(LogMessage::data))
                .as("stdout in order").containsExactly("a".repeat(102400), "o".repeat(70000), "end");
    }

    @Test
    void leavesTtyContainersAloneByDefault() {
        startPump();
        TestContainer tty = docker.run(ContainerSpec.script(TICKER).tty(true).namePrefix("pump-tty"));
        TestContainer plain = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-plain"));

        awaitLines(plain, 5);

        assertThat(tty.logs().stdout()).contains("tick4");
        assertThat(sink.attachments(tty.id())).isZero();
    }

    @Test
    void readsTtyContainersAsOneStdoutStreamWhenAllowed() {
        startPump("ALLOW_TTY", "true");
        TestContainer tty = docker.run(ContainerSpec.script(
                "echo one; printf 'two\\r\\n'; head -c 40000 /dev/zero | tr '\\0' t; echo; echo end; sleep 600").tty(true).namePrefix("pump-tty"));

        awaitLines(tty, 4);

        // The TTY turns each \n into \r\n; the \r stays in the data.
        assertThat(sourcesAndLines(tty)).containsExactly(
                "stdout:one\r", "stdout:two\r\r", "stdout:" + "t".repeat(40000) + "\r", "stdout:end\r");
    }

    @Test
    void leavesIgnoredAndExcludedContainersAlone() {
        startPump("EXCLUDE_LABELS", "logspout.exclude;tier:db");
        List<TestContainer> ignored = List.of(
                docker.run(ContainerSpec.script(TICKER).env("LOGSPOUT", "IGNORE").namePrefix("pump-ignored")),
                docker.run(ContainerSpec.script(TICKER).label("logspout.exclude", "true").namePrefix("pump-excluded")),
                docker.run(ContainerSpec.script(TICKER).label("tier", "DB").namePrefix("pump-db")));
        List<TestContainer> kept = List.of(
                docker.run(ContainerSpec.script(TICKER).label("logspout.exclude", "false").namePrefix("pump-kept")),
                docker.run(ContainerSpec.script(TICKER).label("tier", "web").env("LOGSPOUT", "yes").namePrefix("pump-web")));

        kept.forEach(container -> awaitLines(container, 5));

        for (TestContainer container : ignored) {
            assertThat(container.logs().stdout()).as("%s wrote", container).contains("tick4");
            assertThat(sink.attachments(container.id())).as("%s attached", container).isZero();
        }
    }

    @Test
    void sendsOnlyTheLastTailLinesOfTheBacklog() {
        TestContainer counter = docker.run(ContainerSpec.script("seq 1 5; sleep 600").namePrefix("pump-tail"));
        Await.until(TIMEOUT, () -> counter.logs().stdout().contains("5\n"), () -> "5 lines, got " + counter.logs());
        startPump("TAIL", "2");

        awaitLines(counter, 2);
        counter.exec("echo after > /proc/1/fd/1");
        awaitLines(counter, 3);

        assertThat(sink.lines(counter.id())).containsExactly("4", "5", "after");
    }

    @Test
    void sendsOnlyTheCurrentRunsLinesWithoutBacklog() {
        TestContainer running = docker.run(ContainerSpec.script("echo old; sleep 600").namePrefix("pump-running"));
        TestContainer restarted = docker.run(ContainerSpec.script(
                "n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n; echo run-$n; sleep 600").namePrefix("pump-restarted"));
        Await.until(TIMEOUT, () -> running.logs().stdout().contains("old") && restarted.logs().stdout().contains("run-1"),
                () -> "old and run-1, got " + running.logs() + " and " + restarted.logs());
        restarted.stop();
        startPump("BACKLOG", "false");
        Await.until(TIMEOUT, () -> sink.attachments(running.id()) == 1, () -> running + " attached");

        running.exec("echo new > /proc/1/fd/1");
        // Their first lines come before Docker announces the start: they are sent all the same.
        restarted.start();
        TestContainer fresh = docker.run(ContainerSpec.script("echo first; sleep 600").namePrefix("pump-fresh"));
        TestContainer brief = docker.run(ContainerSpec.script("echo first and last").namePrefix("pump-brief"));
        awaitLines(running, 1);
        awaitLines(restarted, 1);
        awaitLines(fresh, 1);
        Await.until(TIMEOUT, () -> sink.detachments(brief.id()) == 1, () -> brief + " read and detached");

        assertThat(sink.lines(running.id())).containsExactly("new");
        assertThat(sink.lines(restarted.id())).containsExactly("run-2");
        assertThat(sink.lines(brief.id())).containsExactly("first and last");
        assertThat(sink.lines(fresh.id())).containsExactly("first");
    }

    @Test
    void neitherLosesNorRepeatsLinesAcrossRestarts() {
        startPump();
        TestContainer restarting = docker.run(ContainerSpec.script(
                "n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n;"
                        + " i=0; while [ $i -lt 3000 ]; do echo run$n-line$i; i=$((i+1)); done; sleep 600").namePrefix("pump-restart"));

        awaitLines(restarting, 100);
        restarting.restart(); // killed in the middle of its output, most likely
        Await.until(TIMEOUT, () -> sink.lines(restarting.id()).contains("run2-line2999"), () -> "the second run's last line");
        restarting.stop();
        Await.until(TIMEOUT, () -> sink.detachments(restarting.id()) == sink.attachments(restarting.id()), () -> restarting + " detached after stop");
        restarting.start();
        Await.until(TIMEOUT, () -> sink.lines(restarting.id()).contains("run3-line2999"), () -> "the third run's last line");

        assertThat(sink.lines(restarting.id())).isEqualTo(restarting.logs().stdout().lines().toList());
        assertThat(sink.lines(restarting.id())).contains("run1-line0", "run2-line0", "run3-line0").doesNotHaveDuplicates();
        // A restart may be seen as a stop and a start (detach, attach again); one feed stays attached.
        assertThat(sink.attachments(restarting.id())).isEqualTo(sink.detachments(restarting.id()) + 1);
    }

    @Test
    void laterMessagesCarryTheNewNameAfterARename() {
        startPump();
        TestContainer renamed = docker.run(ContainerSpec.script("echo before; sleep 600").namePrefix("pump-old"));
        String oldName = renamed.name();
        awaitLines(renamed, 1);

        String newName = renamed.rename("pump-new");
        Await.until(TIMEOUT, () -> !sink.renames(renamed.id()).isEmpty(), () -> "a rename of " + renamed);
        renamed.exec("echo after > /proc/1/fd/1");
        awaitLines(renamed, 2);

        assertThat(sink.renames(renamed.id())).extracting(info -> info.name()).containsExactly("/" + newName);
        assertThat(sink.messages(renamed.id())).extracting(message -> message.container().name())
                .containsExactly("/" + oldName, "/" + newName);
    }

    @Test
    void deliversEverythingAContainerWroteJustBeforeItExited() {
        startPump();
        // Several, because the end of a container's output races with Docker ending its stream.
        List<TestContainer> brief = IntStream.range(0, 5)
                .mapToObj(i -> docker.run(ContainerSpec.script("seq 1 2000; printf 'no newline at the end'").namePrefix("pump-brief")))
                .toList();

        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString).toList());
        expected.add("no newline at the end");
        for (TestContainer container : brief) {
            Await.until(TIMEOUT, () -> sink.detachments(container.id()) == 1,
                    () -> container + " detached, got " + sink.lines(container.id()).size() + " lines");
            assertThat(sink.lines(container.id())).as("%s", container).isEqualTo(expected);
        }
    }

    @Test
    void keepsRunningWhenContainersAreRemovedOrTheirLogsCannotBeRead() {
        startPump();
        TestContainer removed = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-removed"));
        awaitLines(removed, 3);
        removed.remove();
        Await.until(TIMEOUT, () -> sink.detachments(removed.id()) == 1, () -> removed + " detached");
        for (int i = 0; i < 5; i++) {
            // Gone before or while the pump inspects it.
            docker.run(ContainerSpec.script("echo quick").namePrefix("pump-quick")).remove();
        }
        TestContainer unreadable = docker.run(ContainerSpec.script(TICKER).logDriver("none").namePrefix("pump-nolog"));

        TestContainer after = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-after"));
        awaitLines(after, 3);

        assertThat(sink.attachments(unreadable.id())).isZero();
        assertThat(pump.engineReachable()).isTrue();
        assertThat(pumpThread.isAlive()).isTrue();
    }

    @Test
    void reopensSilentStreamsAfterTheInactivityTimeoutWithoutLossOrRepeats() {
        startPump("INACTIVITY_TIMEOUT", "300ms");
        TestContainer slow = docker.run(ContainerSpec.script(
                "i=0; while [ $i -lt 4 ]; do echo tick$i; i=$((i+1)); sleep 1; done; sleep 600").namePrefix("pump-slow"));
        awaitLines(slow, 1);
        long streamsAfterFirstLine = pump.logStreamsOpened();

        awaitLines(slow, 4);

        assertThat(sink.lines(slow.id())).containsExactly("tick0", "tick1", "tick2", "tick3");
        assertThat(pump.logStreamsOpened() - streamsAfterFirstLine).as("streams opened again").isGreaterThanOrEqualTo(3);
        ContainerStats stats = pump.containerStats().stream().filter(s -> s.container().id().equals(slow.id())).findFirst().orElseThrow();
        assertThat(stats.lastError()).as("a stream closed for silence is no failure").isEmpty();
        assertThat(sink.attachments(slow.id())).isEqualTo(1);
    }

    @Test
    void followsTheEngineAgainAfterAnOutageWithoutMissingContainersOrLines(@TempDir Path dir) {
        assertThat(docker.dockerHost()).as("this test puts a proxy before a unix socket DOCKER_HOST").startsWith("unix://");
        Path proxySocket = dir.resolve("docker.sock");
        try (UnixSocketProxy proxy = new UnixSocketProxy(proxySocket, Path.of(URI.create(docker.dockerHost()).getPath()))) {
            startPumpAt("unix://" + proxySocket);
            TestContainer ticker = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-ticker"));
            assertThat(pump.engineReachable()).isFalse();
            proxy.up();
            awaitLines(ticker, 3);

            proxy.down();
            Await.until(TIMEOUT, () -> !pump.engineReachable(), () -> "the pump to notice the outage");
            TestContainer during = docker.run(ContainerSpec.script("echo during the outage; sleep 600").namePrefix("pump-during"));
            TestContainer brief = docker.run(ContainerSpec.script("echo started and ended during the outage").namePrefix("pump-brief"));
            brief.waitForExit(TIMEOUT);
            int ticksBefore = sink.lines(ticker.id()).size();
            proxy.up();

            awaitLines(during, 1);
            awaitLines(brief, 1);
            awaitLines(ticker, ticksBefore + 5);
            assertThat(pump.engineReachable()).isTrue();
            List<String> ticks = sink.lines(ticker.id());
            assertThat(ticks).as("every tick once, in order").isEqualTo(IntStream.range(0, ticks.size()).mapToObj(i -> "tick" + i).toList());
        }
    }

    @Test
    void honoursAPinnedApiVersion() {
        startPump("DOCKER_API_VERSION", "1.40");
        TestContainer container = docker.run(ContainerSpec.script("echo pinned; sleep 600").namePrefix("pump-pinned"));

        awaitLines(container, 1);

        assertThat(sink.lines(container.id())).containsExactly("pinned");
    }

    @Test
    void saysWhatTheEngineAnswersWhenItRefusesTheRequests() {
        // An API version no engine speaks: each request gets a 400 whose body says why, which
        // docker-java reads (with commons-io: the distribution must keep it) into its exception.
        startPumpAt(docker.dockerHost(), "DOCKER_API_VERSION", "1.99");

        Await.until(TIMEOUT, () -> pump.dockerStats().error().contains("client version 1.99 is too new"),
                () -> "the pump to report the engine's refusal; stats: " + pump.dockerStats() + ", failure: " + pumpFailure.get());

        assertThat(pump.engineReachable()).isFalse();
    }

    /**
     * The key forms the Docker CLI's tools write into {@code key.pem}, each read with the JDK alone
     * (the distribution has no Bouncy Castle): RSA in PKCS#1 ({@code docker-machine}, older
     * openssl) and PKCS#8, EC in SEC1 ({@code openssl ecparam -genkey}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1", "rsa-pkcs8", "ec-sec1"})
    void readsAnEngineBehindTlsWithTheClientCertificateOfDockerCertPath(String keyForm, @TempDir Path dir) throws Exception {
        assertThat(docker.dockerHost()).as("this test puts a TLS proxy before a unix socket DOCKER_HOST").startsWith("unix://");
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        Path certPath = Files.createDirectories(dir.resolve("docker"));
        Files.copy(certs.caCert(), certPath.resolve("ca.pem"));
        Files.copy(keyForm.startsWith("ec") ? certs.clientCertEc() : certs.clientCert(), certPath.resolve("cert.pem"));
        Files.copy(switch (keyForm) {
            case "rsa-pkcs1" -> certs.clientKeyPkcs1();
            case "rsa-pkcs8" -> certs.clientKey();
            default -> certs.clientKeyEc();
        }, certPath.resolve("key.pem"));
        try (TlsDockerProxy proxy = new TlsDockerProxy(certs, Path.of(URI.create(docker.dockerHost()).getPath()))) {
            startPumpAt("tcp://localhost:" + proxy.port(), "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certPath.toString());
            Await.until(TIMEOUT, pump::engineReachable, () -> "the pump to reach the engine through TLS");
            TestContainer container = docker.run(ContainerSpec.script("echo one; echo two >&2; sleep 600").namePrefix("pump-tls"));

            awaitLines(container, 2);

            assertThat(sourcesAndLines(container)).containsExactlyInAnyOrder("stdout:one", "stderr:two");
            assertThat(sink.publishers()).as("a TLS stream cannot be selected: its container's thread reads it")
                    .containsExactly("pump-" + ContainerInfo.shortId(container.id()));
        }
    }

    @Test
    void readsTheStreamsOfManyContainersOnTheSharedPollerEachInOrder() {
        startPump();
        List<TestContainer> writers = IntStream.range(0, 20)
                .mapToObj(i -> docker.run(ContainerSpec.script("seq 1 500; sleep 600").namePrefix("pump-many")))
                .toList();

        List<String> expected = IntStream.rangeClosed(1, 500).mapToObj(Integer::toString).toList();
        for (TestContainer container : writers) {
            awaitLines(container, 500);
            assertThat(sink.lines(container.id())).as("%s", container).isEqualTo(expected);
        }
        assertThat(sink.publishers()).as("the threads that published").containsExactly("pump-poller");
        // The pump is stopped after the test with all 20 streams open: each ends, and the pump with them.
    }

    @Test
    void readsEachStreamOnItsContainersThreadWhenARouteMayMakePublishingWait() {
        startPump("ROUTE_QUEUE_FULL", "block");
        TestContainer held = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-held"));
        awaitLines(held, 1);
        sink.hold(held.id());
        Await.until(TIMEOUT, sink::holding, () -> "a line of " + held + " to wait in publish");

        TestContainer free = docker.run(ContainerSpec.script(TICKER).namePrefix("pump-free"));
        awaitLines(free, 3);
        sink.release();
        int before = sink.lines(held.id()).size();
        awaitLines(held, before + 3);

        List<String> heldLines = sink.lines(held.id());
        assertThat(heldLines).as("%s, held and let go", held)
                .isEqualTo(IntStream.range(0, heldLines.size()).mapToObj(i -> "tick" + i).toList());
        assertThat(sink.publishers()).as("each container's own thread published its lines")
                .containsExactlyInAnyOrder("pump-" + ContainerInfo.shortId(held.id()), "pump-" + ContainerInfo.shortId(free.id()));
    }

    private void startPump(String... settings) {
        startPumpAt(docker.dockerHost(), settings);
        Await.until(TIMEOUT, pump::engineReachable, () -> "the pump to reach the engine at " + docker.dockerHost());
    }

    private void startPumpAt(String dockerHost, String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("DOCKER_HOST", dockerHost);
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        pump = new DockerPump(Config.of(values), sink);
        pumpThread = Thread.ofPlatform().name("pump-under-test").start(() -> {
            try {
                pump.run();
            } catch (Throwable e) {
                pumpFailure.set(e);
            }
        });
    }

    private void awaitLines(TestContainer container, int count) {
        Await.until(TIMEOUT, () -> sink.messages(container.id()).size() >= count,
                () -> count + " lines of " + container + ", got " + sink.lines(container.id()) + "; docker logs: " + container.logs());
    }

    private List<String> sourcesAndLines(TestContainer container) {
        return sink.messages(container.id()).stream().map(message -> message.source() + ":" + message.data()).toList();
    }
}
