package io.logspout.api;

/**
 * A long-running part of the process: the Docker pump, the HTTP server, or third-party
 * background work. Register an implementation in {@code META-INF/services/io.logspout.api.Job};
 * it needs a public no-argument constructor. logspout calls {@link #setup} on every job, then
 * {@link #run} on each in its own thread, and {@link #stop} at shutdown.
 */
public interface Job {

    /** Short name for the startup banner and logs. */
    String name();

    /** Validates settings and prepares; a {@link ConfigException} here ends startup. */
    default void setup(JobContext context) throws Exception {
    }

    /** Does the job until {@link #stop()} is called. Returning early is logged as the job ending. */
    void run() throws Exception;

    /** Makes {@link #run()} return soon. */
    void stop();
}
