package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.logspout.testsupport.DockerCli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files of {@code deploy/}, read by the tools that take them: the swarm compose
 * file by the Docker client's own loader ({@code docker stack config}, which {@code docker stack
 * deploy} uses), the DaemonSet by the Kubernetes API's schema (fabric8's model, strictly), with
 * the checks the API server and the kubelet would make.
 */
class DeployManifestsIT {
    private static final Path COMPOSE = Path.of("..", "deploy", "docker-compose.yml");
    private static final Path DAEMONSET = Path.of("..", "deploy", "kubernetes", "logspout-daemonset.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileIsAValidSwarmStackOfAGlobalServiceWithTheSocketAndTheHostsName() throws IOException {
        // docker stack config reads files only: an engine address that answers nothing makes sure of it.
        DockerCli cli = new DockerCli("unix:///nonexistent/docker.sock");
        String client = cli.exec(Duration.ofSeconds(60), "version", "--format", "{{.Client.Version}}").stdout().strip();
        assertThat(client).as("the version of the docker client first in PATH: docker stack config needs 23 or newer"
                        + " (Debian 12's docker.io is 20.10; install docker-ce-cli from Docker's apt repository)")
                .matches("(2[3-9]|[3-9][0-9])\\..*");
        DockerCli.Result result = cli.exec(Duration.ofSeconds(60), "stack", "config", "--compose-file", COMPOSE.toString());
        assertThat(result.exitCode())
                .as("docker stack config --compose-file %s (client %s): %s", COMPOSE, client, result.stderr())
                .isZero();

        JsonNode service = YAML.readTree(result.stdout()).path("services").path("logspout");
        assertThat(service.path("deploy").path("mode").asText()).isEqualTo("global");
        assertThat(service.path("command").get(0).asText()).as("the route").contains("://");
        assertThat(service.path("volumes").findValuesAsText("target")).contains("/var/run/docker.sock", "/etc/host_hostname", "/mnt/checkpoints");
    }

    @Test
    void theDaemonSetFollowsTheKubernetesSchemaAndHoldsTogether() throws IOException {
        DaemonSet daemonSet = strictKubernetesYaml().readValue(DAEMONSET.toFile(), DaemonSet.class);
        assertThat(daemonSet.getApiVersion()).isEqualTo("apps/v1");
        assertThat(daemonSet.getKind()).isEqualTo("DaemonSet");

        // The API server rejects a selector that does not select the pods of the template.
        Map<String, String> podLabels = daemonSet.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(daemonSet.getSpec().getSelector().getMatchLabels());

        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        Container logspout = pod.getContainers().getFirst();
        List<String> volumes = pod.getVolumes().stream().map(Volume::getName).toList();
        assertThat(logspout.getVolumeMounts()).extracting(VolumeMount::getName).allMatch(volumes::contains);
        assertThat(logspout.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/var/run/docker.sock", "/etc/host_hostname", "/mnt/checkpoints");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getHostPath() != null)
                .extracting(volume -> volume.getHostPath().getPath())
                .contains("/var/run/docker.sock", "/etc/hostname", "/var/lib/logspout/checkpoints");

        // The probes ask logspout's /health on the port it listens on (PORT, else 80): the liveness
        // probe, which restarts logspout, about the engine alone; the readiness probe about everything.
        int listens = logspout.getEnv().stream()
                .filter(env -> env.getName().equals("PORT"))
                .map(env -> Integer.parseInt(env.getValue()))
                .findFirst()
                .orElse(80);
        assertProbe(logspout, "liveness", logspout.getLivenessProbe(), listens, "/health?check=docker");
        assertProbe(logspout, "readiness", logspout.getReadinessProbe(), listens, "/health");
        assertThat(logspout.getArgs()).singleElement().asString().contains("://");
        assertThat(logspout.getResources().getLimits()).containsKey("memory");
    }

    private static void assertProbe(Container container, String kind, Probe probe, int listens, String path) {
        assertThat(probe).as("a %s probe", kind).isNotNull();
        IntOrString probePort = probe.getHttpGet().getPort();
        ContainerPort http = container.getPorts().stream()
                .filter(port -> probePort.getStrVal() != null ? probePort.getStrVal().equals(port.getName())
                        : probePort.getIntVal().equals(port.getContainerPort()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the " + kind + " probe's port " + probePort + " is none of the container's"));
        assertThat(http.getContainerPort()).as("the container port of the %s probe", kind).isEqualTo(listens);
        assertThat(probe.getHttpGet().getPath()).as("the %s probe's path", kind).isEqualTo(path);
    }

    /**
     * A reader for Kubernetes objects that fails on a key the API does not define: fabric8's
     * models keep unknown keys aside (Jackson's any-setter), as a lenient client should; a
     * manifest check should not.
     */
    private static ObjectMapper strictKubernetesYaml() {
        return new ObjectMapper(new YAMLFactory())
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return false;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
