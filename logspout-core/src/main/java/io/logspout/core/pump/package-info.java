/**
 * The Docker pump: finds the containers on the Docker engine and reads their logs into the
 * router ({@link io.logspout.core.router.LogSink}).
 *
 * <p>The data path, in order: {@link io.logspout.core.pump.EventLoop} follows Docker's container
 * events and starts a {@link io.logspout.core.pump.ContainerReader} per container (at most one,
 * kept in {@link io.logspout.core.pump.ContainerReaders}); the reader opens the container's log
 * stream through {@link io.logspout.core.pump.DockerEngine} and feeds the raw bytes to
 * {@link io.logspout.core.pump.LogStreamParser}, which demultiplexes frames, reads Docker's
 * timestamps and joins partial lines into reused buffers; each finished line becomes one
 * {@link io.logspout.api.LogMessage} published to the container's feed.
 * {@link io.logspout.core.pump.ResumePosition} remembers how far each container was read, so a
 * stream opened again (after an error, an inactivity timeout or a restart) neither loses nor
 * repeats a line.
 *
 * <p>{@link io.logspout.core.pump.DockerPump} is the job that ties these together.
 */
package io.logspout.core.pump;
