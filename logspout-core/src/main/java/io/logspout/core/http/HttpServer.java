package io.logspout.core.http;

import io.logspout.api.ConfigException;
import io.logspout.api.Job;
import io.logspout.api.JobContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logspout's HTTP server: one Netty server on {@code HTTP_BIND_ADDRESS} and {@code PORT} (else
 * {@code HTTP_PORT}, else 80) for the endpoints of the {@link HttpModule}s found with the
 * plugins, plus the core's own {@code /health}. It runs only when some module is found, so a
 * build without HTTP modules opens no port.
 *
 * <p>Each connection: {@link ConnectionLimit} ({@code 503} beyond {@code HTTP_MAX_CONNECTIONS}),
 * {@link HttpServerCodec}, {@link HttpServerKeepAliveHandler} (keep-alive as the client asks),
 * {@link HttpObjectAggregator} bounded to {@link #MAX_REQUEST_BYTES} ({@code 413} beyond it),
 * {@link IdleTimeout} (closes connections that send no whole request within
 * {@code HTTP_IDLE_TIMEOUT}), then the {@link Dispatcher} that hands the request to the module of
 * its path.
 *
 * <p>{@link io.logspout.core.Logspout} builds it with the modules it found and sets it up with
 * the context the modules get. Its job name is {@code http} until set up, then logspout's {@code http[logs,routes,health]:80}
 * with the modules that serve a path and the port it listens on; empty when it does not run.
 */
public final class HttpServer implements Job {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Request bodies beyond this get 413: a route is a few hundred bytes. */
    public static final int MAX_REQUEST_BYTES = 1 << 20;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, HttpModule> found;
    private volatile String name = "http";
    private EventLoopGroup group;
    private Channel listener;

    /** @param modules the HTTP modules found with the plugins, by name */
    public HttpServer(Map<String, HttpModule> modules) {
        found = new LinkedHashMap<>(modules); // in the order found, as the banner lists them
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Creates the modules' handlers and listens, so that a port in use ends startup.
     *
     * @throws ConfigException when the address or port is bad or cannot be listened on
     */
    @Override
    public void setup(JobContext context) {
        if (found.isEmpty()) {
            name = "";
            log.debug("no HTTP module: the HTTP server does not run");
            return;
        }
        HttpSettings settings = HttpSettings.from(context.config());
        List<Dispatcher.Mount> mounts = mounts(withHealth(found), context);
        Dispatcher dispatcher = new Dispatcher(mounts);
        ExplainTooLarge explainTooLarge = new ExplainTooLarge(MAX_REQUEST_BYTES);
        ConnectionLimit connectionLimit = new ConnectionLimit(settings.maxConnections());
        synchronized (this) {
            group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("http", true), NioIoHandler.newFactory());
            try {
                listener = new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(
                                        connectionLimit,
                                        new HttpServerCodec(),
                                        explainTooLarge,
                                        new HttpServerKeepAliveHandler(),
                                        new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                        new IdleTimeout(settings.idleTimeout()),
                                        dispatcher);
                            }
                        })
                        .bind(settings.bindAddress(), settings.port())
                        .syncUninterruptibly()
                        .channel();
            } catch (Exception e) { // Netty rethrows the BindException unchecked
                closeQuietly();
                throw new ConfigException("the HTTP server cannot listen on " + settings.describe() + ": " + e
                        + "; set PORT (or HTTP_PORT) to a free port, 0 for any, and HTTP_BIND_ADDRESS to an address of this host", e);
            }
        }
        InetSocketAddress address = address();
        // The modules that serve a path: one its setting turned off is not named.
        List<String> serving = mounts.stream().map(Dispatcher.Mount::module).distinct().toList();
        name = "http[" + String.join(",", serving) + "]:" + address.getPort();
        log.info("HTTP server listening on {}:{} for {}", address.getHostString(), address.getPort(), String.join(", ", serving));
    }

    /** The plugins' modules, then the core's {@code health}, which a plugin cannot replace. */
    private static Map<String, HttpModule> withHealth(Map<String, HttpModule> found) {
        Map<String, HttpModule> modules = new LinkedHashMap<>(found);
        HttpModule other = modules.remove(HealthModule.NAME);
        if (other != null) {
            log.warn("HTTP module '{}' ({}) is ignored: the core serves /health itself", HealthModule.NAME, other.getClass().getName());
        }
        modules.put(HealthModule.NAME, new HealthModule());
        return modules;
    }

    private static List<Dispatcher.Mount> mounts(Map<String, HttpModule> modules, JobContext context) {
        Map<String, Dispatcher.Mount> byPath = new LinkedHashMap<>();
        for (HttpModule module : modules.values()) {
            HttpHandler handler = module.create(context);
            for (String path : module.paths()) {
                if (!path.startsWith("/") || path.endsWith("/") && !path.equals("/")) {
                    throw new IllegalStateException("HTTP module " + module.name() + " has the path '" + path
                            + "'; a path starts with / and does not end with one, or is / alone");
                }
                Dispatcher.Mount first = byPath.putIfAbsent(path, new Dispatcher.Mount(path, module.name(), handler));
                if (first != null) {
                    log.warn("HTTP path {} is served by module {}; module {} does not get it", path, first.module(), module.name());
                }
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /** Where the server listens (the actual port when {@code PORT=0}); null when it does not run. */
    public synchronized InetSocketAddress address() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** Waits until {@link #stop()}; the connections are served by Netty's event loops meanwhile. */
    @Override
    public void run() throws InterruptedException {
        stopped.await();
    }

    /** Closes the listener and every connection. */
    @Override
    public void stop() {
        stopped.countDown();
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
            log.info("HTTP server stopped");
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        listener = null;
        group = null;
    }
}
