package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cases of the Go original's pump_test.go, plus the ones its label parser got wrong. */
class ContainerFilterTest {

    private static ContainerInfo container(List<String> env, Map<String, String> labels, boolean tty) {
        return new ContainerInfo("0123456789ab" + "0".repeat(52), "/web", "busybox", "sha256:00", "host", labels, env, 1, tty, Map.of());
    }

    private static boolean skipped(Map<String, String> settings, List<String> env, Map<String, String> labels) {
        return ContainerFilter.from(Config.of(settings)).skipReason(container(env, labels, false)).isPresent();
    }

    @Test
    void ignoresContainersByEnvironmentAndLabel() {
        Map<String, String> settings = Map.of("EXCLUDE_LABEL", "exclude");

        assertThat(skipped(settings, List.of("foo", "bar"), Map.of())).isFalse();
        assertThat(skipped(settings, List.of("bar", "LOGSPOUT=ignore"), Map.of())).isTrue();
        assertThat(skipped(settings, List.of("LOGSPOUT=IGNORE"), Map.of())).isTrue();
        assertThat(skipped(settings, List.of("LOGSPOUT=foo"), Map.of())).isFalse();
        assertThat(skipped(settings, List.of(), Map.of("exclude", "true"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("exclude", "false"))).isFalse();
    }

    @Test
    void matchesTheEnvironmentKeyExactly() {
        assertThat(skipped(Map.of(), List.of("logspout=ignore"), Map.of())).isFalse();
        assertThat(skipped(Map.of(), List.of("LOGSPOUTX=ignore"), Map.of())).isFalse();
        assertThat(skipped(Map.of(), List.of("LOGSPOUT"), Map.of())).isFalse();
    }

    @Test
    void excludesACustomLabelValue() {
        Map<String, String> settings = Map.of("EXCLUDE_LABEL", "k8s-app:canal");

        assertThat(skipped(settings, List.of(), Map.of("k8s-app", "canal"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("app", "demo-app"))).isFalse();
    }

    @Test
    void excludesContainersMatchingAnyOfSeveralLabels() {
        Map<String, String> settings = Map.of("EXCLUDE_LABEL", "k8s-app:canal;io.kubernetes.pod.namespace:default");

        assertThat(skipped(settings, List.of(), Map.of("k8s-app", "canal"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("app", "demo-app"))).isFalse();
        assertThat(skipped(settings, List.of(), Map.of("io.kubernetes.pod.namespace", "kube-system"))).isFalse();
        assertThat(skipped(settings, List.of(), Map.of("io.kubernetes.pod.namespace", "default"))).isTrue();
    }

    @Test
    void prefersExcludeLabelsToExcludeLabel() {
        Map<String, String> settings = Map.of(
                "EXCLUDE_LABELS", "k8s-app:canal;io.kubernetes.pod.namespace:production",
                "EXCLUDE_LABEL", "app:demo-app");

        assertThat(skipped(settings, List.of(), Map.of("k8s-app", "canal"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("app", "demo-app"))).isFalse();
        assertThat(skipped(settings, List.of(), Map.of("io.kubernetes.pod.namespace", "production"))).isTrue();
    }

    @Test
    void readsEachEntryOnItsOwn() {
        Map<String, String> settings = Map.of("EXCLUDE_LABELS", "a;b");

        assertThat(skipped(settings, List.of(), Map.of("a", "true"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("b", "TRUE"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("a;b", "true"))).isFalse();
        assertThat(skipped(settings, List.of(), Map.of("a", "false", "b", "no"))).isFalse();
    }

    @Test
    void doesNotRepeatThePreviousEntryForAnEntryWithoutValue() {
        Map<String, String> settings = Map.of("EXCLUDE_LABELS", "tier:db;debug");

        assertThat(skipped(settings, List.of(), Map.of("tier", "DB"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("debug", "true"))).isTrue();
        assertThat(skipped(settings, List.of(), Map.of("tier", "web", "debug", "false"))).isFalse();
    }

    @Test
    void keepsColonsInValues() {
        Map<String, String> settings = Map.of("EXCLUDE_LABELS", "image:registry:5000/app");

        assertThat(skipped(settings, List.of(), Map.of("image", "registry:5000/app"))).isTrue();
    }

    @Test
    void rejectsAnEntryWithoutLabelName() {
        assertThatThrownBy(() -> ContainerFilter.from(Config.of(Map.of("EXCLUDE_LABELS", "a;:b"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EXCLUDE_LABELS=a;:b")
                .hasMessageContaining(":b");
    }

    @Test
    void skipsTtyContainersUnlessAllowed() {
        ContainerInfo tty = container(List.of(), Map.of(), true);
        ContainerInfo plain = container(List.of(), Map.of(), false);

        assertThat(ContainerFilter.from(Config.of(Map.of())).skipReason(tty)).isPresent();
        assertThat(ContainerFilter.from(Config.of(Map.of())).skipReason(plain)).isEmpty();
        assertThat(ContainerFilter.from(Config.of(Map.of("ALLOW_TTY", "yes"))).skipReason(tty)).isPresent();
        assertThat(ContainerFilter.from(Config.of(Map.of("ALLOW_TTY", "true"))).skipReason(tty)).isEmpty();
        assertThat(ContainerFilter.from(Config.of(Map.of("ALLOW_TTY", "true"))).skipReason(plain)).isEmpty();
    }
}
