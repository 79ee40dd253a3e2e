package io.logspout.core.pump;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which containers the pump leaves alone: TTY containers unless {@code ALLOW_TTY=true}, those
 * with {@code LOGSPOUT=ignore} in their environment, and those carrying a label listed in
 * {@code EXCLUDE_LABELS} (or {@code EXCLUDE_LABEL} when that is unset).
 *
 * <p>The label list is {@code ;}-separated; an entry is {@code key} (meaning {@code key=true}) or
 * {@code key:value}, and values compare without regard to case. Each entry stands on its own:
 * {@code a;b} excludes label {@code a=true} or {@code b=true}. (The Go original read {@code a;b}
 * as one label named {@code a;b} and let an entry without {@code :} repeat the previous one.)
 */
final class ContainerFilter {
    static final String ALLOW_TTY = "ALLOW_TTY";
    static final String EXCLUDE_LABELS = "EXCLUDE_LABELS";
    static final String EXCLUDE_LABEL = "EXCLUDE_LABEL";

    private record Rule(String key, String value) {
    }

    private final boolean allowTty;
    private final List<Rule> excluded;

    private ContainerFilter(boolean allowTty, List<Rule> excluded) {
        this.allowTty = allowTty;
        this.excluded = excluded;
    }

    static ContainerFilter from(Config config) {
        String variable = config.get(EXCLUDE_LABELS).isPresent() ? EXCLUDE_LABELS : EXCLUDE_LABEL;
        List<Rule> rules = new ArrayList<>();
        for (String entry : config.get(variable, "").split(";")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String key = colon < 0 ? trimmed : trimmed.substring(0, colon).strip();
            String value = colon < 0 ? "true" : trimmed.substring(colon + 1).strip();
            if (key.isEmpty()) {
                throw new ConfigException(variable + "=" + config.raw(variable) + " has the entry \"" + entry
                        + "\" without a label name; use label or label:value entries separated by ';', e.g. "
                        + variable + "=logspout.exclude;app:backend");
            }
            rules.add(new Rule(key, value));
        }
        return new ContainerFilter(config.isTrue(ALLOW_TTY), List.copyOf(rules));
    }

    /** Why the pump must not read {@code container}, or empty if it may. */
    Optional<String> skipReason(ContainerInfo container) {
        if (container.tty() && !allowTty) {
            return Optional.of("it has a TTY and ALLOW_TTY is not true");
        }
        for (String entry : container.env()) {
            int eq = entry.indexOf('=');
            if (eq == "LOGSPOUT".length() && entry.startsWith("LOGSPOUT") && entry.substring(eq + 1).equalsIgnoreCase("ignore")) {
                return Optional.of("its environment has LOGSPOUT=ignore");
            }
        }
        for (Rule rule : excluded) {
            String value = container.labels().get(rule.key());
            if (value != null && value.equalsIgnoreCase(rule.value())) {
                return Optional.of("its label " + rule.key() + "=" + value + " is excluded");
            }
        }
        return Optional.empty();
    }
}
