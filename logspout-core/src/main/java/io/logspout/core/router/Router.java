package io.logspout.core.router;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans lines out from attached containers to subscribers (routes and live streams).
 *
 * <p>Each attached container has a feed holding the subscribers that match it, worked out once
 * when either side arrives; publishing a line then only walks that small array and asks each
 * subscriber's source filter. Subscribers are added and removed at any time: the router updates
 * every live feed, so a route added at runtime sees running and future containers alike.
 */
public final class Router implements LogSink {
    private static final Subscriber[] NONE = new Subscriber[0];

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Set<Feed> feeds = ConcurrentHashMap.newKeySet();

    @Override
    public ContainerFeed attach(ContainerInfo container) {
        Feed feed = new Feed(container);
        synchronized (this) {
            feeds.add(feed);
            feed.targets = matching(container);
        }
        return feed;
    }

    /** Adds a subscriber; it receives lines of matching containers from now on. */
    public void subscribe(Subscriber subscriber) {
        synchronized (this) {
            subscribers.add(subscriber);
            for (Feed feed : feeds) {
                if (subscriber.matchesContainer(feed.container)) {
                    Subscriber[] current = feed.targets;
                    Subscriber[] grown = Arrays.copyOf(current, current.length + 1);
                    grown[current.length] = subscriber;
                    feed.targets = grown;
                }
            }
        }
    }

    /**
     * Puts {@code replacement} in the place of {@code old} in one step: no line goes to both, and
     * none falls between them.
     */
    public void replace(Subscriber old, Subscriber replacement) {
        synchronized (this) {
            unsubscribe(old);
            subscribe(replacement);
        }
    }

    /** Removes a subscriber; it receives nothing after this returns. */
    public void unsubscribe(Subscriber subscriber) {
        synchronized (this) {
            subscribers.remove(subscriber);
            for (Feed feed : feeds) {
                Subscriber[] current = feed.targets;
                int index = Arrays.asList(current).indexOf(subscriber);
                if (index >= 0) {
                    Subscriber[] shrunk = new Subscriber[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, index);
                    System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
                    feed.targets = shrunk;
                }
            }
        }
    }

    /** How many subscribers (routes and live streams) there are now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** The containers currently attached. */
    public List<ContainerInfo> containers() {
        List<ContainerInfo> result = new ArrayList<>(feeds.size());
        for (Feed feed : feeds) {
            result.add(feed.container);
        }
        return result;
    }

    private Subscriber[] matching(ContainerInfo container) {
        List<Subscriber> result = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.matchesContainer(container)) {
                result.add(subscriber);
            }
        }
        return result.isEmpty() ? NONE : result.toArray(NONE);
    }

    private final class Feed implements ContainerFeed {
        private volatile ContainerInfo container;
        private volatile Subscriber[] targets = NONE;

        Feed(ContainerInfo container) {
            this.container = container;
        }

        @Override
        public void publish(LogMessage message) {
            for (Subscriber target : targets) {
                if (target.matchesSource(message.source())) {
                    target.deliver(message);
                }
            }
        }

        @Override
        public void rename(ContainerInfo renamed) {
            container = renamed;
        }

        @Override
        public void detach() {
            Subscriber[] last;
            synchronized (Router.this) {
                feeds.remove(this);
                last = targets;
                targets = NONE;
            }
            for (Subscriber target : last) {
                target.containerStopped(container);
            }
        }
    }
}
