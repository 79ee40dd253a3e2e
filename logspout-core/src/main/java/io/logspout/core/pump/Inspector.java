package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.core.Backoff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the engine about containers for the readers: inspects until the engine answers, and says
 * once per container that Docker does not serve its logs.
 */
final class Inspector {
    private static final Logger LOG = LoggerFactory.getLogger(Inspector.class);

    private final DockerEngine engine;
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    Inspector(DockerEngine engine) {
        this.engine = engine;
    }

    /** Inspects the container, retrying while the engine fails; null if it does not exist (any more). */
    Inspection inspectUntilAnswered(String id) throws InterruptedException {
        Backoff retry = new Backoff(ContainerReaders.RETRY_FIRST, ContainerReaders.RETRY_MAX);
        boolean failing = false;
        while (!stopped) {
            try {
                Inspection inspection = engine.inspect(id);
                if (failing) {
                    LOG.info("{}: inspect works again", ContainerInfo.shortId(id));
                }
                return inspection;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    LOG.warn("{}: cannot inspect the container, retrying: {}", ContainerInfo.shortId(id), e.getMessage());
                    failing = true;
                }
                retry.pause();
            }
        }
        throw new InterruptedException("logspout is stopping");
    }

    /** Every container on the engine, running or not, that {@code filter} does not skip. */
    List<FoundContainer> findAll(ContainerFilter filter) throws InterruptedException {
        List<FoundContainer> found = new ArrayList<>();
        for (String id : engine.allContainerIds()) {
            Inspection inspection = inspectUntilAnswered(id);
            if (inspection != null && filter.skipReason(inspection.container()).isEmpty()) {
                found.add(new FoundContainer(inspection.container(), inspection.createdNanos(), inspection.running()));
            }
        }
        return found;
    }

    /** Logs that Docker does not serve this container's logs, once per container. */
    void logRefusal(Inspection inspection, int status, String message) {
        ContainerInfo container = inspection.container();
        if (refusalsLogged.add(container.id())) {
            LOG.warn("{} ({}): not read: Docker does not serve its logs (log driver {}): {} {}",
                    container.bareName(), container.shortId(), inspection.logDriver(), status, message);
        }
    }

    /** The container was destroyed: a new one with its id would be reported again. */
    void forget(String id) {
        refusalsLogged.remove(id);
    }

    /** Makes waiting inspections end: logspout is stopping. */
    void stop() {
        stopped = true;
    }
}
