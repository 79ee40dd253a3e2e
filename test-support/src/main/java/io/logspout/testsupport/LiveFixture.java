package io.logspout.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test class needs around its tests: the test engine, connected once for the
 * class (its containers removed after the last test), and the resources a test opens (sinks,
 * servers, logspouts) closed after each test, the last opened first.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LiveFixture live = new LiveFixture();
 *
 * @Test
 * void routes() {
 *     TcpSink sink = live.sink();
 *     live.docker().run(ContainerSpec.script("echo hello"));
 * }
 * }</pre>
 */
public final class LiveFixture implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private DockerHost docker;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** The test engine ({@link DockerHost#connect()}); the class fails when there is none. */
    public DockerHost docker() {
        if (docker == null) {
            throw new IllegalStateException("LiveFixture must be a static @RegisterExtension field");
        }
        return docker;
    }

    /** Closes {@code resource} after the current test. */
    public synchronized <T extends AutoCloseable> T closing(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes {@code resource} after the current test, after everything else it opened (e.g. a container logspout reads). */
    public synchronized void closingLast(AutoCloseable resource) {
        resources.addLast(resource);
    }

    /** A TCP sink on a free loopback port, closed after the current test. */
    public TcpSink sink() {
        return closing(TcpSink.start());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        docker = DockerHost.connect();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable resource;
            synchronized (this) {
                resource = resources.poll();
            }
            if (resource == null) {
                break;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (docker != null) {
            docker.close();
            docker = null;
        }
    }
}
