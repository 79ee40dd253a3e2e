package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;

/**
 * A container the pump found on the engine when it first reached it, running or not, and not
 * skipped ({@code LOGSPOUT=ignore}, {@code EXCLUDE_LABELS}, ...).
 *
 * @param createdNanos when Docker created it
 */
public record FoundContainer(ContainerInfo container, long createdNanos, boolean running) {
}
