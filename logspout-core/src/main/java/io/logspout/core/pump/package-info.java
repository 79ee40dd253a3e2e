/**
 * The Docker pump: finds the containers on the Docker engine and reads their logs into the
 * router ({@link io.logspout.core.router.LogSink}).
 *
 * <p>The data path, in order: {@link io.logspout.core.pump.EventLoop} follows Docker's container
 * events and starts a {@link io.logspout.core.pump.ContainerReader} per container (at most one,
 * kept in {@link io.logspout.core.pump.ContainerReaders}); the reader opens the container's log
 * stream through {@link io.logspout.core.pump.DockerEngine} and {@link io.logspout.core.pump.DockerLogClient}
 * and feeds the raw bytes to
 * {@link io.logspout.core.pump.LogStreamParser}, which demultiplexes frames, reads Docker's
 * timestamps and joins partial lines into reused buffers; each finished line becomes one
 * {@link io.logspout.api.LogMessage} published to the container's feed.
 * {@link io.logspout.core.pump.ResumePosition} remembers how far each container was read, so a
 * stream opened again (after an error, an inactivity timeout or a restart) neither loses nor
 * repeats a line.
 *
 * <p>The log streams do not go through docker-java's HTTP client, unlike the rest of the traffic
 * with the engine: Docker sends each log entry as its own HTTP chunk, and that client returns one
 * chunk per read, so each line cost a read system call and a wake-up of the reader's virtual
 * thread. {@link io.logspout.core.pump.DockerLogClient} reads every chunk that has arrived at once and
 * pauses 1 ms after a read that took everything; in {@code bench/run.sh} that more than halved
 * logspout's CPU per line (bench/README.md has the figures).
 *
 * <p>{@link io.logspout.core.pump.DockerPump} is the job that ties these together.
 */
package io.logspout.core.pump;
