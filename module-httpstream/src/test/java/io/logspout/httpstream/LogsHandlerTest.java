package io.logspout.httpstream;

import static io.logspout.httpstream.Messages.container;
import static io.logspout.httpstream.Messages.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.core.router.ContainerFeed;
import io.logspout.core.router.Router;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The handler on an {@link EmbeddedChannel} (no codec: responses are read as objects) with a
 * real router and made-up attached containers; the event loop runs only when the test says so.
 */
class LogsHandlerTest {
    private final Router router = new Router();
    private final ContainerInfo first = container("first", "abc1");
    private final ContainerInfo second = container("second", "abc2");
    private final ContainerFeed firstFeed = router.attach(first);
    private final ContainerFeed secondFeed = router.attach(second);

    private EmbeddedChannel request(LogsHandler handler, String uri) {
        return request(handler, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    }

    private EmbeddedChannel request(LogsHandler handler, FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
                handler.handle(ctx, request);
            }
        });
        channel.writeInbound(request);
        return channel;
    }

    private LogsHandler handler(int queueSize) {
        return new LogsHandler(router, new StreamSettings(queueSize, OriginPolicy.parse(null)), ZoneOffset.UTC);
    }

    private static String text(HttpContent content) {
        try {
            return content.content().toString(StandardCharsets.UTF_8);
        } finally {
            content.release();
        }
    }

    @Test
    void anIdPrefixOfSeveralContainersIsABadRequestNamingThem() {
        FullHttpResponse response = request(handler(10), "/logs/id:abc").readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(text(response)).isEqualTo("id:abc matches 2 containers (abc100000000 first, abc200000000 second); give more of the id\n");
    }

    @Test
    void aUniquePrefixStreamsThatContainerOnlyInBatches() {
        EmbeddedChannel channel = request(handler(10), "/logs/id:abc2");
        HttpResponse headers = channel.readOutbound();
        assertThat(headers.status().code()).isEqualTo(200);

        firstFeed.publish(line(first, "not this one"));
        secondFeed.publish(line(second, "one"));
        secondFeed.publish(line(second, "two"));
        channel.runPendingTasks();

        assertThat(text(channel.readOutbound())).isEqualTo("one\ntwo\n");
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aClientWhoseQueueFillsIsDisconnectedCountedAndUnsubscribed() {
        LogsHandler handler = handler(2);
        EmbeddedChannel channel = request(handler, "/logs");
        channel.<HttpResponse>readOutbound();
        assertThat(handler.openStreams()).isEqualTo(1);

        // The event loop does not run: nothing is drained.
        firstFeed.publish(line(first, "1"));
        firstFeed.publish(line(first, "2"));
        firstFeed.publish(line(first, "3"));
        firstFeed.publish(line(first, "4"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.slowClientsDisconnected()).isEqualTo(1);
        assertThat(handler.openStreams()).isZero();
    }

    @Test
    void aClientThatLeavesIsUnsubscribedAtOnce() {
        LogsHandler handler = handler(10);
        EmbeddedChannel channel = request(handler, "/logs");

        channel.close();

        assertThat(handler.openStreams()).isZero();
        assertThat(handler.slowClientsDisconnected()).isZero();
    }

    @Test
    void aWebSocketUpgradeWithoutKeyIsABadRequest() {
        FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/logs");
        upgrade.headers()
                .set("Host", "127.0.0.1:8000")
                .set("Origin", "http://127.0.0.1:8000")
                .set("Upgrade", "websocket")
                .set("Connection", "Upgrade")
                .set("Sec-WebSocket-Version", "13");

        FullHttpResponse response = request(handler(10), upgrade).readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(text(response)).startsWith("400 bad WebSocket upgrade: ").containsIgnoringCase("key");
    }

    @Test
    void acceptListingApplicationJsonSelectsJson() {
        assertThat(LogsHandler.acceptsJson("application/json")).isTrue();
        assertThat(LogsHandler.acceptsJson("text/plain, Application/JSON;q=0.9")).isTrue();
        assertThat(LogsHandler.acceptsJson("*/*")).isFalse();
        assertThat(LogsHandler.acceptsJson("application/jsonl")).isFalse();
        assertThat(LogsHandler.acceptsJson(null)).isFalse();
    }
}
