package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.ContainerInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectionTest {
    private static final String INSPECT = """
            {
              "Id": "8dfafdbc3a40e5bd4f5e1c6f0e7a0b4d9f1c2e3a4b5c6d7e8f9a0b1c2d3e4f5a",
              "Created": "2021-12-03T10:15:00.123Z",
              "State": {"Status": "running", "Running": true, "Pid": 4242, "StartedAt": "2021-12-03T10:15:01Z"},
              "Image": "sha256:fc69cadfbeb9",
              "Name": "/web_1",
              "HostConfig": {"LogConfig": {"Type": "json-file", "Config": {}}},
              "Config": {
                "Hostname": "8dfafdbc3a40",
                "Env": ["PATH=/bin", "LOGSPOUT_MULTILINE=true"],
                "Tty": false,
                "Labels": {"app": "web", "tier": "front"},
                "Image": "logspout-test/busybox:latest",
                "Healthcheck": null
              }
            }
            """;

    private static Inspection inspect(String json) throws Exception {
        return Inspection.of(new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() { }));
    }

    @Test
    void buildsTheContainerViewFromDockersAnswer() throws Exception {
        Inspection inspection = inspect(INSPECT);
        ContainerInfo container = inspection.container();

        assertThat(container.id()).isEqualTo("8dfafdbc3a40e5bd4f5e1c6f0e7a0b4d9f1c2e3a4b5c6d7e8f9a0b1c2d3e4f5a");
        assertThat(container.name()).isEqualTo("/web_1");
        assertThat(container.image()).isEqualTo("logspout-test/busybox:latest");
        assertThat(container.imageId()).isEqualTo("sha256:fc69cadfbeb9");
        assertThat(container.hostname()).isEqualTo("8dfafdbc3a40");
        assertThat(container.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "tier", "front"));
        assertThat(container.env()).containsExactly("PATH=/bin", "LOGSPOUT_MULTILINE=true");
        assertThat(container.pid()).isEqualTo(4242);
        assertThat(container.tty()).isFalse();
        assertThat(inspection.running()).isTrue();
        assertThat(inspection.logDriver()).isEqualTo("json-file");
    }

    @Test
    void keepsTheWholeAnswerWithDockersKeysReadOnly() throws Exception {
        Map<String, Object> inspect = inspect(INSPECT).container().inspect();

        assertThat(inspect.keySet()).containsExactly("Id", "Created", "State", "Image", "Name", "HostConfig", "Config");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) inspect.get("Config");
        assertThat(config).containsEntry("Healthcheck", null).containsEntry("Env", List.of("PATH=/bin", "LOGSPOUT_MULTILINE=true"));
        assertThatThrownBy(() -> config.put("Tty", true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inspect.remove("Id")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sendsTheCurrentRunFromWhenThePreviousOneFinished() throws Exception {
        Inspection running = inspect("""
                {"Id": "abc", "State": {"Running": true, "StartedAt": "2021-12-03T10:15:01.5Z", "FinishedAt": "2021-12-03T10:14:00Z"}}
                """);
        Inspection firstRun = inspect("""
                {"Id": "abc", "State": {"Running": true, "StartedAt": "2021-12-03T10:15:01.5Z", "FinishedAt": "0001-01-01T00:00:00Z"}}
                """);
        Inspection alreadyEnded = inspect("""
                {"Id": "abc", "State": {"Running": false, "StartedAt": "2021-12-03T10:15:01.5Z", "FinishedAt": "2021-12-03T10:15:01.6Z"}}
                """);
        // A brief run: Docker noted its end before its start.
        Inspection endedAtOnce = inspect("""
                {"Id": "abc", "State": {"Running": false, "StartedAt": "2021-12-03T10:15:01.5Z", "FinishedAt": "2021-12-03T10:15:01.4Z"}}
                """);

        assertThat(running.currentRunSince()).isEqualTo(DockerTimestamps.parse("2021-12-03T10:14:00Z"));
        assertThat(firstRun.currentRunSince()).isZero();
        assertThat(alreadyEnded.currentRunSince()).isEqualTo(DockerTimestamps.parse("2021-12-03T10:15:00.5Z"));
        assertThat(endedAtOnce.currentRunSince()).isEqualTo(DockerTimestamps.parse("2021-12-03T10:15:00.4Z"));
    }

    @Test
    void toleratesMissingAndNullParts() throws Exception {
        Inspection inspection = inspect("""
                {"Id": "abc", "Config": {"Labels": null, "Env": null, "Tty": true}, "State": {}}
                """);

        assertThat(inspection.container().labels()).isEmpty();
        assertThat(inspection.container().env()).isEmpty();
        assertThat(inspection.container().tty()).isTrue();
        assertThat(inspection.running()).isFalse();
        assertThat(inspection.logDriver()).isEmpty();
        assertThat(inspection.currentRunSince()).isZero();
    }
}
