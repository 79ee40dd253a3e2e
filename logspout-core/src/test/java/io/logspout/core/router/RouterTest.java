package io.logspout.core.router;

import static io.logspout.core.router.TestMessages.container;
import static io.logspout.core.router.TestMessages.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    /** Collects what it is given; matches containers by name prefix and one source or all. */
    private static final class Collector implements Subscriber {
        final List<String> lines = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final String namePrefix;
        final String source;

        Collector(String namePrefix, String source) {
            this.namePrefix = namePrefix;
            this.source = source;
        }

        @Override
        public boolean matchesContainer(ContainerInfo container) {
            return container.bareName().startsWith(namePrefix);
        }

        @Override
        public boolean matchesSource(String messageSource) {
            return source == null || source.equals(messageSource);
        }

        @Override
        public void deliver(LogMessage message) {
            lines.add(message.container().bareName() + ":" + message.data());
        }

        @Override
        public void containerStopped(ContainerInfo container) {
            stopped.add(container.bareName());
        }
    }

    @Test
    void deliversToSubscribersAddedBeforeAndAfterAttach() {
        Router router = new Router();
        Collector early = new Collector("web", null);
        router.subscribe(early);
        ContainerInfo web = container("web1");
        ContainerFeed feed = router.attach(web);
        Collector late = new Collector("", null);
        router.subscribe(late);

        feed.publish(line(web, "stdout", "hello"));

        assertThat(early.lines).containsExactly("web1:hello");
        assertThat(late.lines).containsExactly("web1:hello");
    }

    @Test
    void matchesContainersAndSources() {
        Router router = new Router();
        Collector webErrors = new Collector("web", "stderr");
        router.subscribe(webErrors);
        ContainerInfo web = container("web1");
        ContainerInfo db = container("db1");
        ContainerFeed webFeed = router.attach(web);
        ContainerFeed dbFeed = router.attach(db);

        webFeed.publish(line(web, "stdout", "out"));
        webFeed.publish(line(web, "stderr", "err"));
        dbFeed.publish(line(db, "stderr", "db err"));

        assertThat(webErrors.lines).containsExactly("web1:err");
    }

    @Test
    void unsubscribedAndReplacedSubscribersGetNothingMore() {
        Router router = new Router();
        Collector first = new Collector("", null);
        Collector second = new Collector("", null);
        router.subscribe(first);
        ContainerInfo app = container("app");
        ContainerFeed feed = router.attach(app);
        feed.publish(line(app, "stdout", "1"));

        router.replace(first, second);
        feed.publish(line(app, "stdout", "2"));
        router.unsubscribe(second);
        feed.publish(line(app, "stdout", "3"));

        assertThat(first.lines).containsExactly("app:1");
        assertThat(second.lines).containsExactly("app:2");
    }

    @Test
    void detachTellsMatchingSubscribersAndForgetsTheContainer() {
        Router router = new Router();
        Collector all = new Collector("", null);
        router.subscribe(all);
        ContainerInfo app = container("app");
        ContainerFeed feed = router.attach(app);
        assertThat(router.containers()).extracting(ContainerInfo::bareName).containsExactly("app");

        feed.detach();

        assertThat(all.stopped).containsExactly("app");
        assertThat(router.containers()).isEmpty();
    }

    @Test
    void renameIsSeenByRoutesAddedLater() {
        Router router = new Router();
        ContainerInfo app = container("old");
        ContainerFeed feed = router.attach(app);
        feed.rename(app.withName("/new"));
        Collector byNewName = new Collector("new", null);
        router.subscribe(byNewName);

        feed.publish(line(app.withName("/new"), "stdout", "x"));

        assertThat(byNewName.lines).containsExactly("new:x");
    }
}
