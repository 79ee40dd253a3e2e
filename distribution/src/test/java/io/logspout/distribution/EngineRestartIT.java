package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real engine restart: the test's own {@code dockerd} is stopped by its pid file and started
 * again with the same arguments, as an upgrade or a crash of the engine would. Containers run
 * with {@code --restart always} come back; logspout's pump loses its event stream and every log
 * stream at once, and must reconnect and deliver each line once.
 */
class EngineRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int LINES = 500;
    /** Each start of the container (counted in a file of its own) writes LINES numbered lines and an end. */
    private static final String COUNTED_RUN = "n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n;"
            + " i=1; while [ $i -le " + LINES + " ]; do echo run$n-$i; i=$((i+1)); done; echo run$n-end; sleep 600";
    @RegisterExtension
    static final LiveFixture live = new LiveFixture();

    private final String prefix = "er" + UUID.randomUUID().toString().substring(0, 6);

    private static List<String> run(int n) {
        List<String> lines = new ArrayList<>(IntStream.rangeClosed(1, LINES).mapToObj(i -> "run" + n + "-" + i).toList());
        lines.add("run" + n + "-end");
        return lines;
    }

    @Test
    void afterAnEngineRestartTheRestartedContainersLinesAllArriveOnce() {
        TestContainer app = live.docker().run(ContainerSpec.script(COUNTED_RUN).namePrefix(prefix).restartAlways());
        live.closingLast(app::remove);
        TcpSink sink = live.sink();
        live.closing(RunningLogspout.start("tcp://" + sink.address() + "?filter.name=" + prefix + "-*", Map.of()));
        sink.awaitLine("run1-end"::equals, WAIT);

        live.docker().restartEngine();

        sink.awaitLine("run2-end"::equals, WAIT);
        assertThat(app.isRunning()).as("the engine restarted the container").isTrue();
        // After its end marker, a line written now must come too: the pump follows the new run's stream.
        app.exec("echo after-restart > /proc/1/fd/1");
        sink.awaitLine("after-restart"::equals, WAIT);
        List<String> expected = new ArrayList<>(run(1));
        expected.addAll(run(2));
        expected.add("after-restart");
        assertThat(sink.lines()).as("every line of both runs, once and in order").containsExactlyElementsOf(expected);
    }
}
