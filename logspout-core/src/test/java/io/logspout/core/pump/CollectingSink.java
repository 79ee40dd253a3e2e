package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.router.ContainerFeed;
import io.logspout.core.router.LogSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A {@link LogSink} that keeps everything the pump hands it, per container, for the assertions
 * of the integration tests, and the names of the threads that published them. It also checks the
 * feed contract: nothing is published to a feed after its detach. A container's publishing can be
 * held, as a route whose full queue makes the publisher wait ({@code ROUTE_QUEUE_FULL=block}).
 */
final class CollectingSink implements LogSink {
    private final List<Feed> feeds = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> publishers = new TreeSet<>();
    private volatile String heldContainerId = "";
    private volatile boolean holding;
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public synchronized ContainerFeed attach(ContainerInfo container) {
        Feed feed = new Feed(container);
        feeds.add(feed);
        return feed;
    }

    /** Every message of the container, across all its attachments, in delivery order. */
    synchronized List<LogMessage> messages(String containerId) {
        List<LogMessage> all = new ArrayList<>();
        feedsOf(containerId).forEach(feed -> all.addAll(feed.messages));
        return all;
    }

    /** The data of every message of the container, in delivery order. */
    List<String> lines(String containerId) {
        return messages(containerId).stream().map(LogMessage::data).toList();
    }

    /** The names of the threads that published lines, of any container. */
    synchronized Set<String> publishers() {
        return Set.copyOf(publishers);
    }

    /** From now on, a line of container {@code id} waits in publish until {@link #release()}. */
    void hold(String containerId) {
        heldContainerId = containerId;
    }

    /** Whether a line of the held container waits in publish now. */
    boolean holding() {
        return holding && release.getCount() > 0;
    }

    /** Lets the held container's lines through. */
    void release() {
        release.countDown();
    }

    /** How often the container was attached. */
    synchronized int attachments(String containerId) {
        return feedsOf(containerId).size();
    }

    /** How often the container was detached. */
    synchronized int detachments(String containerId) {
        return (int) feedsOf(containerId).stream().filter(feed -> feed.detached).count();
    }

    /** The views the container's feeds were renamed to. */
    synchronized List<ContainerInfo> renames(String containerId) {
        List<ContainerInfo> all = new ArrayList<>();
        feedsOf(containerId).forEach(feed -> all.addAll(feed.renames));
        return all;
    }

    /** Broken feed contracts seen so far (publish after detach, a second detach). */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private List<Feed> feedsOf(String containerId) {
        Predicate<Feed> ofContainer = feed -> feed.container.id().equals(containerId);
        return feeds.stream().filter(ofContainer).toList();
    }

    private final class Feed implements ContainerFeed {
        final ContainerInfo container;
        final List<LogMessage> messages = new ArrayList<>();
        final List<ContainerInfo> renames = new ArrayList<>();
        boolean detached;

        Feed(ContainerInfo container) {
            this.container = container;
        }

        @Override
        public void publish(LogMessage message) {
            if (container.id().equals(heldContainerId)) {
                holding = true;
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (CollectingSink.this) {
                publishers.add(Thread.currentThread().getName());
                if (detached) {
                    violations.add("published after detach: " + message);
                }
                messages.add(message);
            }
        }

        @Override
        public void rename(ContainerInfo renamed) {
            synchronized (CollectingSink.this) {
                renames.add(renamed);
            }
        }

        @Override
        public void detach() {
            synchronized (CollectingSink.this) {
                if (detached) {
                    violations.add("detached twice: " + container.id());
                }
                detached = true;
            }
        }
    }
}
