package io.logspout.core.pump;

import io.logspout.core.router.LogSink;

/**
 * What every {@link ContainerReader} works with: the pump's settings, the engine, where lines go,
 * the inspector, the counters, and the poller that reads plain streams (null when publishing may
 * wait, see {@link PumpSettings#sharedReading()}: each reader then reads its own stream). Shared
 * by all readers; the registry of readers is not part of it.
 */
record ReaderServices(PumpSettings settings, DockerEngine engine, LogSink sink, Inspector inspector, PumpCounters counters, LogStreamPoller poller) {
}
