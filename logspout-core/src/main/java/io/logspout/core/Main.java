package io.logspout.core;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logspout} command: {@code logspout [ROUTE_URIS]} or {@code logspout --version}.
 * Exits 1 with a message naming the problem when a route or setting is bad.
 */
public final class Main {
    private static final String LOG_FORMAT = LogConfiguration.LOG_FORMAT;
    private static final String NETTY_ALLOCATOR = "io.netty.allocator.type";
    private static final String POLLER_MODE = "jdk.pollerMode";

    private Main() {
    }

    /** Sets a system property unless the command line did. */
    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println(Version.get());
            return;
        }
        // Netty serves only the HTTP server here (log streams and routes use sockets of their own): its pooled
        // allocator's arenas and thread caches cost 2.3 MB of RSS and 80 classes for no speed that matters.
        // -Dio.netty.allocator.type=pooled restores them.
        defaultProperty(NETTY_ALLOCATOR, "unpooled");
        // A virtual thread's socket that becomes readable wakes a platform poller thread, which hands
        // the thread to a carrier. The JDK's default on Linux (mode 2) puts a poller virtual thread
        // in between: one wake-up and hand-off more per line at a trickle, 0.3-0.5 % of a core at
        // 100 containers writing a line a second (README, "Footprint"). Set before any virtual thread
        // blocks on a socket; -Djdk.pollerMode=2 restores the JDK's default.
        defaultProperty(POLLER_MODE, "1");
        Config config = Config.environment();
        String logFormat = config.get(LOG_FORMAT, "text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            System.err.println("!! " + LOG_FORMAT + "=" + logFormat + " is not a log format; use text (the default) or json");
            System.exit(1);
            return;
        }
        Logger log = logger(config);
        // As logspout: the first argument, even an empty one, wins over ROUTE_URIS.
        String uris = args.length > 0 ? args[0] : config.get("ROUTE_URIS", "");
        Logspout logspout;
        try {
            logspout = start(log, Logspout.builder().config(config).routes(uris).onJobEnd((job, failure) -> System.exit(1)));
        } catch (ConfigException e) {
            log.error("!! {}", e.getMessage());
            System.exit(1);
            return;
        }
        RoomyHeap.shrinkAfterStart(log, Runtime.getRuntime().maxMemory());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            logspout.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** logspout's logger, with the log format and level of the settings. */
    static Logger logger(Config config) {
        // Read when the first logger is made, by LogConfiguration (LOG_FORMAT and the level), which comes with the
        // core so that every distribution, custom ones included, logs alike, or by the -Dlogback.configurationFile
        // of a user, which may use the level too.
        if (config.get("DEBUG").isPresent()) {
            System.setProperty(LogConfiguration.LOG_LEVEL, "DEBUG");
        }
        return LoggerFactory.getLogger("logspout");
    }

    /**
     * Builds and starts logspout, with the banner.
     *
     * @throws ConfigException when a route or setting is bad; nothing keeps running then
     */
    static Logspout start(Logger log, Logspout.Builder builder) {
        Logspout logspout = builder.build();
        Banner.log(log, logspout);
        logspout.start();
        Banner.jobs(log, logspout);
        Banner.routes(log, System.out, logspout.routes().all());
        return logspout;
    }
}
