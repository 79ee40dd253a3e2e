package io.logspout.adapter.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.router.RouteChannel;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.RsyslogServer;
import io.logspout.testsupport.SyslogRecord;
import io.logspout.testsupport.TestContainer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * What one syslog integration test runs: rsyslogd receivers, containers on the test engine and
 * embedded logspouts whose routes take only this test's containers (their names start with a
 * prefix of its own). The test class's {@link LiveFixture} stops and removes them after each test,
 * logspout before its containers.
 */
final class LiveRoutes {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final LiveFixture fixture;
    private final String prefix;

    LiveRoutes(LiveFixture fixture, String prefix) {
        this.fixture = fixture;
        this.prefix = prefix + UUID.randomUUID().toString().substring(0, 6);
    }

    RsyslogServer rsyslog(RsyslogServer.Options options) {
        return fixture.closing(RsyslogServer.start(options));
    }

    TestContainer run(ContainerSpec spec) {
        TestContainer container = fixture.docker().run(spec.namePrefix(prefix));
        fixture.closingLast(container::remove); // removed after logspout stopped
        return container;
    }

    /**
     * Starts a logspout with one route to {@code scheme://address?query} for this test's
     * containers. The machine's {@code /etc/host_hostname} is not read unless a setting says so,
     * and an HTTP server (should a module on the class path start one) takes any free loopback port.
     */
    Logspout logspout(String scheme, String address, String query, Map<String, String> settings) {
        String uri = scheme + "://" + address + "?filter.name=" + prefix + "-*" + (query.isEmpty() ? "" : "&" + query);
        Map<String, String> all = new HashMap<>(Map.of(SyslogAdapterFactory.HOST_HOSTNAME_FILE, "/nonexistent/host_hostname",
                "HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0"));
        all.putAll(settings);
        return fixture.closing(Logspout.builder().config(Config.environment().withOverrides(all)).routes(uri).build().start());
    }

    /**
     * A container writes 10 000 lines; the receiver goes down after the first 5 000 and comes back
     * while the rest is written. Asserts that every line arrives once, in order.
     *
     * <p>The first half is all in before the stop: a TCP sender cannot know which of the bytes it
     * wrote a stopping rsyslogd had still read (see {@link RsyslogServer#stop()}). Everything
     * else, the write into the closed connection, the refused connects, the lines queued
     * meanwhile, the re-sent batch, is the router's to get right.
     */
    void receiverRestartLosesNothing(RsyslogServer rsyslog, String scheme, int port, Map<String, String> settings) {
        TestContainer app = run(ContainerSpec.script(bursts(1, 5_000) + " while [ ! -e /go ]; do sleep 0.05; done;" + bursts(5_001, 10_000) + " sleep 600"));
        RouteChannel route = logspout(scheme, "127.0.0.1:" + port, "", settings).routes().channels().getFirst();
        rsyslog.awaitRecords(5_000, WAIT);

        rsyslog.stop();
        app.exec("echo > /go");
        Await.until(WAIT, () -> app.logs().stdout().endsWith("\n10000\n"), () -> "the container to write its second half");
        Await.until(WAIT, () -> !route.lastError().isEmpty(), () -> "the route to find the receiver gone");
        rsyslog.restart();

        List<SyslogRecord> records = rsyslog.awaitRecords(10_000, WAIT);
        assertThat(records).extracting(SyslogRecord::msg).containsExactlyElementsOf(IntStream.rangeClosed(1, 10_000).mapToObj(Integer::toString).toList());
        assertThat(route.lastError()).isEmpty();
    }

    /** A shell loop that prints the numbers {@code from} to {@code to} in bursts of 100, about 50 ms apart. */
    private static String bursts(int from, int to) {
        return " for b in $(seq " + (from - 1) / 100 + " " + (to - 1) / 100 + "); do seq $((b*100+1)) $((b*100+100)); sleep 0.05; done;";
    }
}
