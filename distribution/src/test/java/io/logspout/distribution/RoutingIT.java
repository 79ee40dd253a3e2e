package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import io.logspout.testsupport.UdpSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * logspout end to end: real containers on the test engine, the real pump and router, raw
 * routes over real TCP and UDP sockets. Each test names its containers with a prefix of its own
 * and filters its routes on it, so tests never see each other's containers.
 */
class RoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** {@code /name source data}: Docker names start with a slash. */
    private static final String NAMED = "{{.Container.Name}} {{.Source}} {{.Data}}\n";
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    private final String prefix = "rt" + UUID.randomUUID().toString().substring(0, 6);

    private RunningLogspout logspout(String routes, Map<String, String> settings) {
        return live.closing(RunningLogspout.start(routes, settings));
    }

    private TestContainer run(String script) {
        return run(ContainerSpec.script(script).namePrefix(prefix));
    }

    private TestContainer run(ContainerSpec spec) {
        TestContainer container = live.docker().run(spec);
        live.closingLast(container::remove); // removed after logspout stopped
        return container;
    }

    private String mine() {
        return "filter.name=" + prefix + "-*";
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void containersStartedBeforeAndAfterLogspoutReachTheRouteWithStdoutAndStderr() {
        TcpSink sink = live.sink();
        TestContainer before = run("echo before-out; echo before-err >&2; sleep 600");
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of("RAW_FORMAT", NAMED));
        List<String> beforeLines = List.of("/" + before.name() + " stdout before-out", "/" + before.name() + " stderr before-err");
        Await.until(WAIT, () -> sink.lines().containsAll(beforeLines), () -> beforeLines + ", got " + sink.lines());

        TestContainer after = run("echo after-out; echo after-err >&2; sleep 600");

        // stdout and stderr are separate streams: their lines have no order between them.
        List<String> afterLines = List.of("/" + after.name() + " stdout after-out", "/" + after.name() + " stderr after-err");
        Await.until(WAIT, () -> sink.lines().containsAll(afterLines), () -> afterLines + ", got " + sink.lines());
        assertThat(sink.lines()).hasSize(4);
    }

    @Test
    void eachFilterKindSelectsItsContainersAndSources() {
        TestContainer web = run(ContainerSpec.script("echo web-out; echo web-err >&2; sleep 600").namePrefix(prefix + "-web").label("tier", "front"));
        TestContainer db = run(ContainerSpec.script("echo db-out; echo db-err >&2; sleep 600").namePrefix(prefix + "-db").label("tier", "back"));
        TcpSink byName = live.sink();
        TcpSink byId = live.sink();
        TcpSink bySource = live.sink();
        TcpSink byLabel = live.sink();
        TcpSink all = live.sink();
        RunningLogspout logspout = logspout(String.join(",",
                "tcp://" + byName.address() + "?filter.name=" + prefix + "-web-*",
                "tcp://" + byId.address() + "?filter.id=" + db.shortId().substring(0, 6),
                "tcp://" + bySource.address() + "?" + mine() + "&filter.sources=stderr",
                "tcp://" + byLabel.address() + "?" + mine() + "&filter.labels=tier:ba*",
                "tcp://" + all.address() + "?" + mine()), Map.of("RAW_FORMAT", NAMED));
        all.awaitLines(4, WAIT);
        byLabel.awaitLines(2, WAIT);
        logspout.close(); // sends everything held, so the sinks now hold all they will get

        Await.until(WAIT, () -> byName.openConnections() + byId.openConnections() + bySource.openConnections() + byLabel.openConnections() == 0, () -> "routes to close their connections");
        assertThat(byName.lines()).containsExactlyInAnyOrder("/" + web.name() + " stdout web-out", "/" + web.name() + " stderr web-err");
        assertThat(byId.lines()).containsExactlyInAnyOrder("/" + db.name() + " stdout db-out", "/" + db.name() + " stderr db-err");
        assertThat(bySource.lines()).containsExactlyInAnyOrder("/" + web.name() + " stderr web-err", "/" + db.name() + " stderr db-err");
        assertThat(byLabel.lines()).containsExactlyInAnyOrder("/" + db.name() + " stdout db-out", "/" + db.name() + " stderr db-err");
    }

    @Test
    void aFullContainerIdFiltersToo() {
        TestContainer app = run("echo by-full-id; sleep 600");
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?filter.id=" + app.id(), Map.of());
        assertThat(sink.awaitLine("by-full-id"::equals, WAIT)).isEqualTo("by-full-id");
    }

    @Test
    void ignoredAndExcludedContainersAreSkipped() {
        TestContainer ignored = run(ContainerSpec.script("echo ignored; sleep 600").namePrefix(prefix).env("LOGSPOUT", "IGNORE"));
        TestContainer excluded = run(ContainerSpec.script("echo excluded; sleep 600").namePrefix(prefix).label("logspout.exclude", "Yes"));
        TestContainer excludedToo = run(ContainerSpec.script("echo excluded-too; sleep 600").namePrefix(prefix).label("legacy", "true"));
        TestContainer kept = run(ContainerSpec.script("echo kept; sleep 600").namePrefix(prefix).label("logspout.exclude", "no"));
        TcpSink sink = live.sink();
        RunningLogspout logspout = logspout("tcp://" + sink.address() + "?" + mine(),
                Map.of("RAW_FORMAT", NAMED, "EXCLUDE_LABELS", "logspout.exclude:yes;legacy"));
        sink.awaitLine(line -> line.endsWith(" kept"), WAIT);
        logspout.close();

        Await.until(WAIT, () -> sink.openConnections() == 0, () -> "the route to close");
        assertThat(sink.lines()).containsExactly("/" + kept.name() + " stdout kept");
        assertThat(List.of(ignored, excluded, excludedToo)).allMatch(TestContainer::isRunning);
    }

    @Test
    void tailLimitsTheBacklog() {
        TestContainer app = run("seq 1 10; sleep 600");
        run(ContainerSpec.script("sleep 600").namePrefix(prefix)); // a silent neighbour
        Await.until(WAIT, () -> app.logs().stdout().contains("10\n"), () -> "the container to print");
        TcpSink sink = live.sink();
        RunningLogspout logspout = logspout("tcp://" + sink.address() + "?" + mine(), Map.of("TAIL", "2"));
        sink.awaitLines(2, WAIT);
        app.exec("echo live > /proc/1/fd/1");
        sink.awaitLine("live"::equals, WAIT);
        logspout.close();

        assertThat(sink.lines()).containsExactly("9", "10", "live");
    }

    @Test
    void backlogFalseSendsOnlyNewLines() {
        TestContainer app = run("echo old; sleep 600");
        Await.until(WAIT, () -> app.logs().stdout().contains("old"), () -> "the container to print");
        TcpSink sink = live.sink();
        RunningLogspout logspout = logspout("tcp://" + sink.address() + "?" + mine(), Map.of("BACKLOG", "false"));
        TestContainer later = run("echo new-container; sleep 600");
        sink.awaitLine("new-container"::equals, WAIT);
        app.exec("echo new-line > /proc/1/fd/1");
        sink.awaitLine("new-line"::equals, WAIT);
        logspout.close();

        assertThat(sink.lines()).doesNotContain("old").contains("new-container", "new-line");
        assertThat(later.isRunning()).isTrue();
    }

    @Test
    void ttyContainersAreReadOnlyWithAllowTty() {
        TestContainer tty = run(ContainerSpec.script("echo from-tty; sleep 600").namePrefix(prefix).tty(true));
        TestContainer plain = run("echo plain; sleep 600");
        TcpSink without = live.sink();
        RunningLogspout skipping = logspout("tcp://" + without.address() + "?" + mine(), Map.of());
        without.awaitLine("plain"::equals, WAIT);
        skipping.close();
        assertThat(without.lines()).containsExactly("plain");

        TcpSink with = live.sink();
        logspout("tcp://" + with.address() + "?filter.name=" + tty.name(), Map.of("ALLOW_TTY", "true", "RAW_FORMAT", "{{.Source}} {{.Data}}\n"));
        // A TTY turns \n into \r\n; logspout keeps the \r, as the original does.
        assertThat(with.awaitLine(line -> line.contains("from-tty"), WAIT)).isEqualTo("stdout from-tty\r");
        assertThat(plain.isRunning()).isTrue();
    }

    @Test
    void aRestartedContainerLosesAndRepeatsNothing() {
        TcpSink sink = live.sink();
        TestContainer app = run("echo run; sleep 600");
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        sink.awaitLine("run"::equals, WAIT);

        app.restart();
        Await.until(WAIT, () -> sink.lines().size() >= 2, () -> "the second run's line, got " + sink.lines());
        app.exec("echo after-restart > /proc/1/fd/1");
        sink.awaitLine("after-restart"::equals, WAIT);

        assertThat(sink.lines()).containsExactly("run", "run", "after-restart");
    }

    @Test
    void aRenamedContainerKeepsItsRoutesAndShowsItsNewName() {
        TcpSink sink = live.sink();
        TestContainer app = run("echo first; sleep 600");
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of("RAW_FORMAT", "{{.Container.Name}} {{.Data}}\n"));
        String oldName = app.name();
        sink.awaitLine(("/" + oldName + " first")::equals, WAIT);

        String newName = app.rename(prefix + "-renamed");
        Await.until(WAIT, () -> app.inspect("{{.Name}}").equals("/" + newName), () -> "the rename");
        // The rename event may reach logspout a moment after the command returns: keep writing until the new name shows.
        Await.until(WAIT, () -> {
            app.exec("echo second > /proc/1/fd/1");
            return sink.lines().contains("/" + newName + " second");
        }, () -> "a line with the new name, got " + sink.lines());
    }

    @Test
    void aHundredKilobyteLineArrivesAsOneMessage() {
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        run("head -c 102400 /dev/zero | tr '\\0' x; echo; echo done; sleep 600");

        sink.awaitLine("done"::equals, WAIT);
        assertThat(sink.lines()).hasSize(2);
        assertThat(sink.lines().get(0)).hasSize(102_400).matches("x+");
    }

    @Test
    void aTenMegabyteLineArrivesInPiecesOfOneMebibyte() {
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        run("head -c 10000000 /dev/zero | tr '\\0' x; echo; echo done; sleep 600");

        sink.awaitLine("done"::equals, WAIT);
        List<String> pieces = sink.lines().subList(0, sink.lines().size() - 1);
        // 9 pieces of 1 048 576 bytes and the rest: the cap keeps one runaway line from taking all memory.
        assertThat(pieces).extracting(String::length).containsExactly(
                1_048_576, 1_048_576, 1_048_576, 1_048_576, 1_048_576, 1_048_576, 1_048_576, 1_048_576, 1_048_576, 10_000_000 - 9 * 1_048_576);
        assertThat(pieces).allMatch(piece -> piece.chars().allMatch(c -> c == 'x'));
    }

    @Test
    void aHundredThousandLinesFromFourContainersArriveCompleteAndInOrder() {
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of("RAW_FORMAT", "{{.Container.Name}} {{.Data}}\n"));
        List<TestContainer> apps = IntStream.range(0, 4).mapToObj(i -> run("seq 1 25000; sleep 600")).toList();

        sink.awaitLines(100_000, Duration.ofMinutes(3));
        for (TestContainer app : apps) {
            List<String> own = sink.lines().stream()
                    .filter(line -> line.startsWith("/" + app.name() + " "))
                    .map(line -> line.substring(app.name().length() + 2))
                    .toList();
            assertThat(own).as(app.name()).isEqualTo(numbered("", 1, 25000));
        }
        assertThat(sink.lines()).hasSize(100_000);
    }

    @Test
    void aDestinationThatIsDownAtStartupGetsEverythingOnceItIsUp() {
        TcpSink sink = live.sink();
        sink.stop();
        RunningLogspout logspout = logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        run("seq 1 1000; sleep 600");
        Await.until(WAIT, () -> logspout.channelTo(sink.address()).queued() + logspout.channelTo(sink.address()).sentCount() > 0
                || logspout.channelTo(sink.address()).lastError().length() > 0, () -> "the route to hold lines");

        sink.restart();

        assertThat(sink.awaitLines(1000, WAIT)).isEqualTo(numbered("", 1, 1000));
    }

    @Test
    void aDestinationThatRestartsMidStreamLosesNothing() {
        TcpSink sink = live.sink();
        RunningLogspout logspout = logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        run("i=1; while [ $i -le 20000 ]; do echo $i; i=$((i+1)); done; sleep 600");
        Await.until(WAIT, () -> sink.lines().size() >= 2000, () -> "the first lines");

        sink.stop();
        sink.restart();

        Await.until(Duration.ofMinutes(2), () -> sink.lines().contains("20000"), () -> "the last line, got " + sink.lines().size() + " lines");
        logspout.close();
        List<String> received = sink.lines();
        assertThat(received.stream().distinct().toList()).as("every line, in order").isEqualTo(numbered("", 1, 20000));
        assertThat(received).as("no line twice").hasSize(20000);
    }

    @Test
    void theLastLinesOfAContainerThatExitsRightAwayArrive() {
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        TestContainer quick = run("seq 1 500; printf no-newline-at-end");

        quick.waitForExit(WAIT);
        sink.awaitLine("no-newline-at-end"::equals, WAIT);
        assertThat(sink.lines()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 501).mapToObj(i -> i <= 500 ? String.valueOf(i) : "no-newline-at-end").toList());
    }

    @Test
    void containersRemovedWhileBeingAttachedDoNotStopLogspout() {
        TcpSink sink = live.sink();
        logspout("tcp://" + sink.address() + "?" + mine(), Map.of());
        for (int i = 0; i < 10; i++) {
            run("echo short-lived; sleep 600").remove();
        }
        TestContainer survivor = run("echo still-routing; sleep 600");

        sink.awaitLine("still-routing"::equals, WAIT);
        assertThat(survivor.isRunning()).isTrue();
    }

    @Test
    void aStalledDestinationAtDefaultSettingsGetsEveryLineOnceInOrderAndSlowsNothing() {
        TcpSink stalled = live.closing(TcpSink.start(4096));
        TcpSink healthy = live.sink();
        stalled.stall();
        RunningLogspout logspout = logspout("tcp://" + stalled.address() + "?" + mine() + ",tcp://" + healthy.address() + "?" + mine(), Map.of());
        long stalledSince = System.nanoTime();
        // 100-byte lines: 30 MB, far more than the stalled route's socket buffers and queue hold.
        String padding = "x".repeat(93);
        TestContainer app = run("seq 100001 400000 | sed 's/$/ " + padding + "/'; sleep 600");

        List<String> expected = IntStream.rangeClosed(100001, 400000).mapToObj(i -> i + " " + padding).toList();
        assertThat(healthy.awaitLines(300_000, Duration.ofMinutes(3))).isEqualTo(expected);
        RouteChannel behind = logspout.channelTo(stalled.address());
        Await.until(WAIT, () -> behind.behindCount() == 1, () -> "the stalled route to fall behind, it is behind on " + behind.behindCount());
        // The destination reads nothing for 10 s past every timeout (ROUTE_STALL_TIMEOUT is 5 s).
        Await.until(Duration.ofSeconds(30), () -> System.nanoTime() - stalledSince > Duration.ofSeconds(15).toNanos(), () -> "15 s");
        stalled.resume();

        assertThat(stalled.awaitLines(300_000, Duration.ofMinutes(3))).isEqualTo(expected);
        assertThat(behind.droppedCount()).isZero();
        assertThat(behind.catchUpCount()).isPositive();
        assertThat(behind.gaps().count()).isZero();
        app.exec("echo rejoined > /proc/1/fd/1"); // the next live line hands the route back to the live reader
        stalled.awaitLine("rejoined"::equals, WAIT);
        Await.until(WAIT, () -> behind.behindCount() == 0, () -> "the route to rejoin, it is behind on " + behind.behindCount());
        assertThat(stalled.lines()).hasSize(300_001);
    }

    @Test
    void withQueueFullDropAStalledDestinationLosesLinesButDoesNotSlowAnotherRoute() {
        TcpSink stalled = live.closing(TcpSink.start(4096));
        TcpSink healthy = live.sink();
        stalled.stall();
        RunningLogspout logspout = logspout("tcp://" + stalled.address() + "?" + mine() + ",tcp://" + healthy.address() + "?" + mine(),
                Map.of("ROUTE_QUEUE_SIZE", "1000", "ROUTE_STALL_TIMEOUT", "1s", "ROUTE_QUEUE_FULL", "drop"));
        // 100-byte lines: 5 MB, far more than the stalled route's socket buffers and queue hold.
        String padding = "x".repeat(93);
        run("seq 100001 150000 | sed 's/$/ " + padding + "/'; sleep 600");

        List<String> expected = IntStream.rangeClosed(100001, 150000).mapToObj(i -> i + " " + padding).toList();
        assertThat(healthy.awaitLines(50_000, Duration.ofMinutes(2))).isEqualTo(expected);
        assertThat(logspout.channelTo(stalled.address()).droppedCount()).isPositive();
        stalled.resume();
    }

    @Test
    void udpRoutesSendOneDatagramPerLine() {
        UdpSink sink = live.closing(UdpSink.start());
        logspout("udp://" + sink.address() + "?" + mine(), Map.of());
        run("echo one; echo two >&2; sleep 600");

        assertThat(sink.awaitDatagrams(2, WAIT)).containsExactlyInAnyOrder("one\n", "two\n");
    }
}
