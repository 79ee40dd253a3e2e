package io.logspout.template;

import static io.logspout.template.TemplateFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two RAW_FORMAT examples of logspout's README ("Raw Format"), with their image key. */
class ReadmeExamplesTest {
    private static final String DATA = "2017-10-26 11:59:32,950 INFO success: command_bus_0 entered RUNNING state,"
            + " process has stayed up for > than 1 seconds (startsecs)";
    private static final long TIME = Instant.parse("2017-10-26T11:59:32Z").getEpochSecond() * 1_000_000_000L;

    private static LogMessage message(String name, String project) {
        Map<String, String> labels = Map.of(
                "com.docker.compose.config-hash", "4f9c3d3bfb2f65e29a4bc8a4a1b3f0a1c8a42323106a5e9106fe9279f8031321",
                "com.docker.compose.container-number", "1",
                "com.docker.compose.oneoff", "False",
                "com.docker.compose.project", project,
                "com.docker.compose.service", "worker",
                "com.docker.compose.version", "1.16.1",
                "logging", "true");
        ContainerInfo container = TemplateFixtures.container(name, labels);
        return new LogMessage(container, LogMessage.STDOUT, DATA, TIME);
    }

    @Test
    void mixedJsonAndGeneric() {
        String template = "{{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }} { \"container\" : \"{{ .Container.Name }}\", "
                + "\"image\": \"{{ .Container.Image }}\", \"labels\": {{ toJSON .Container.Config.Labels }}, "
                + "\"timestamp\": \"{{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }}\", \"source\" : \"{{ .Source }}\", "
                + "\"message\": {{ toJSON .Data }} }";

        assertThat(render(template, message("/catalogo_worker_1", "catalogo"))).isEqualTo(
                "2017-10-26T11:59:32Z { \"container\" : \"/catalogo_worker_1\", \"image\": "
                + "\"sha256:e9bce6c17c80c603c4c8dbac2ad2285982d218f6ea0332f8b0fb84572941b773\", \"labels\": "
                + "{\"com.docker.compose.config-hash\":\"4f9c3d3bfb2f65e29a4bc8a4a1b3f0a1c8a42323106a5e9106fe9279f8031321\","
                + "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
                + "\"com.docker.compose.project\":\"catalogo\",\"com.docker.compose.service\":\"worker\","
                + "\"com.docker.compose.version\":\"1.16.1\",\"logging\":\"true\"}, \"timestamp\": \"2017-10-26T11:59:32Z\", "
                + "\"source\" : \"stdout\", \"message\": \"2017-10-26 11:59:32,950 INFO success: command_bus_0 entered RUNNING "
                + "state, process has stayed up for \\u003e than 1 seconds (startsecs)\" }");
    }

    @Test
    void fullJson() throws Exception {
        String template = "{ \"container\" : \"{{ .Container.Name }}\", \"image\": \"{{ .Container.Image }}\", "
                + "\"labels\": {{ toJSON .Container.Config.Labels }}, \"timestamp\": \"{{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }}\", "
                + "\"source\" : \"{{ .Source }}\", \"message\": {{ toJSON .Data }} }";
        String readme = """
                {
                  "container": "/a_container",
                  "image": "sha256:e9bce6c17c80c603c4c8dbac2ad2285982d218f6ea0332f8b0fb84572941b773",
                  "labels": {
                    "com.docker.compose.config-hash": "4f9c3d3bfb2f65e29a4bc8a4a1b3f0a1c8a42323106a5e9106fe9279f8031321",
                    "com.docker.compose.container-number": "1",
                    "com.docker.compose.oneoff": "False",
                    "com.docker.compose.project": "a_project",
                    "com.docker.compose.service": "worker",
                    "com.docker.compose.version": "1.16.1",
                    "logging": "true"
                  },
                  "timestamp": "2017-10-26T11:59:32Z",
                  "source": "stdout",
                  "message": "2017-10-26 11:59:32,950 INFO success: command_bus_0 entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)"
                }
                """;

        String rendered = render(template, message("/a_container", "a_project"));

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(readme);
        assertThat(json.readTree(rendered)).isEqualTo(expected);
    }
}
