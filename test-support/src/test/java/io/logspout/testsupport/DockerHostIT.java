package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DockerHostIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static DockerHost docker;

    @BeforeAll
    static void connect() {
        docker = DockerHost.connect();
    }

    @AfterAll
    static void removeContainers() {
        if (docker != null) { // null when connect() failed: that failure is the one to report
            docker.close();
        }
    }

    @Test
    void readsBackWhatAContainerWroteToStdoutAndStderr() {
        TestContainer container = docker.run(ContainerSpec.script("echo out-1; echo err-1 >&2; printf 'out-2\\n'; exit 3"));

        assertThat(container.waitForExit(TIMEOUT)).isEqualTo(3);
        assertThat(container.logs()).isEqualTo(new ContainerLogs("out-1\nout-2\n", "err-1\n"));
    }

    @Test
    void aTtyContainerWritesEverythingToOneStream() {
        TestContainer container = docker.run(ContainerSpec.script("echo out; echo err >&2").tty(true));

        assertThat(container.waitForExit(TIMEOUT)).isZero();
        assertThat(container.logs()).isEqualTo(new ContainerLogs("out\r\nerr\r\n", ""));
    }

    @Test
    void appliesTheSpecAndLabelsEveryContainer() {
        TestContainer container = docker.run(ContainerSpec.script("echo \"$GREETING\"")
                .namePrefix("spec-test")
                .env("GREETING", "hello world")
                .label("com.example.team", "a")
                .hostname("custom-host")
                .logDriver("json-file"));

        assertThat(container.waitForExit(TIMEOUT)).isZero();
        assertThat(container.name()).matches("spec-test-[0-9a-f]{8}");
        assertThat(container.inspect("{{.Name}}")).isEqualTo("/" + container.name());
        assertThat(container.id()).hasSize(64).startsWith(container.shortId());
        assertThat(container.logs().stdout()).isEqualTo("hello world\n");
        assertThat(container.inspect("{{index .Config.Labels \"com.example.team\"}}")).isEqualTo("a");
        assertThat(container.inspect("{{index .Config.Labels \"" + DockerHost.LABEL + "\"}}")).isEqualTo("1");
        assertThat(container.inspect("{{index .Config.Labels \"" + DockerHost.SESSION_LABEL + "\"}}"))
                .isEqualTo(docker.session());
        assertThat(container.inspect("{{.Config.Hostname}}")).isEqualTo("custom-host");
        assertThat(container.inspect("{{.HostConfig.NetworkMode}}")).isEqualTo("none");
        assertThat(container.inspect("{{.HostConfig.LogConfig.Type}}")).isEqualTo("json-file");
        assertThat(container.inspect("{{.Config.Image}}")).isEqualTo(ContainerSpec.BUSYBOX);
    }

    @Test
    void drivesAContainerThroughItsLife() {
        TestContainer container = docker.create(ContainerSpec.script("echo started; exec sleep 600"));
        assertThat(container.isRunning()).isFalse();

        container.start();
        assertThat(container.isRunning()).isTrue();
        String firstStart = container.inspect("{{.State.StartedAt}}");

        container.restart();
        assertThat(container.isRunning()).isTrue();
        assertThat(container.inspect("{{.State.StartedAt}}")).isNotEqualTo(firstStart);

        String oldName = container.name();
        String newName = container.rename("renamed");
        assertThat(newName).startsWith("renamed-").isEqualTo(container.name()).isNotEqualTo(oldName);
        assertThat(container.inspect("{{.Name}}")).isEqualTo("/" + newName);

        container.stop();
        assertThat(container.isRunning()).isFalse();
        assertThat(container.logs().stdout()).isEqualTo("started\nstarted\n");

        container.remove();
        assertThat(container.exists()).isFalse();
    }

    @Test
    void execAddsLinesToTheContainersLog() {
        TestContainer container = docker.run(ContainerSpec.script("echo first; exec sleep 600"));

        assertThat(container.exec("echo from-exec")).isEqualTo("from-exec\n");
        container.exec("echo later-out > /proc/1/fd/1; echo later-err > /proc/1/fd/2");

        Await.until(TIMEOUT, () -> container.logs().stderr().equals("later-err\n"), () -> "the exec'd line in " + container.logs());
        assertThat(container.logs().stdout()).isEqualTo("first\nlater-out\n");
    }

    @Test
    void waitForExitFailsWithTheLogsOfAContainerThatStillRuns() {
        TestContainer container = docker.run(ContainerSpec.script("echo still-here; exec sleep 600"));
        Await.until(TIMEOUT, () -> !container.logs().stdout().isEmpty(), () -> "output of " + container);

        assertThatThrownBy(() -> container.waitForExit(Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(container.name() + " (" + container.shortId() + ") still runs after PT0.5S")
                .hasMessageContaining("still-here");
    }

    @Test
    void removeAllRemovesOnlyItsOwnContainers() {
        TestContainer other = docker.run(ContainerSpec.script("exec sleep 600"));
        TestContainer own;
        try (DockerHost second = DockerHost.connect()) {
            own = second.run(ContainerSpec.script("exec sleep 600"));
            assertThat(own.exists()).isTrue();
        }

        assertThat(own.exists()).isFalse();
        assertThat(other.isRunning()).isTrue();
    }

    @Test
    void failsClearlyWithoutAnEngine() {
        assertThatThrownBy(() -> DockerHost.connect("unix:///nonexistent/docker.sock"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no Docker engine at DOCKER_HOST=unix:///nonexistent/docker.sock;"
                        + " run the tests with scripts/test.sh (");
        assertThatThrownBy(() -> DockerHost.connect(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no Docker engine at DOCKER_HOST=(unset); run the tests with scripts/test.sh");
    }
}
