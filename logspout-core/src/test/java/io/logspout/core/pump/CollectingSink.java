package io.logspout.core.pump;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.core.router.ContainerFeed;
import io.logspout.core.router.LogSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link LogSink} that keeps everything the pump hands it, per container, for the assertions
 * of the integration tests. It also checks the feed contract: nothing is published to a feed
 * after its detach.
 */
final class CollectingSink implements LogSink {
    private final List<Feed> feeds = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

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
            synchronized (CollectingSink.this) {
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
