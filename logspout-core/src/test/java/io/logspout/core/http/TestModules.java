package io.logspout.core.http;

import io.logspout.api.JobContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** HTTP modules for the server's tests, and a class loader that registers them as plugins do. */
final class TestModules {
    private TestModules() {
    }

    /** A class loader that finds {@code modules} through {@code META-INF/services}, as with plugin jars. */
    static ClassLoader withModules(Path directory, Class<?>... modules) {
        try {
            Path services = Files.createDirectories(directory.resolve("META-INF/services"));
            StringBuilder lines = new StringBuilder();
            for (Class<?> module : modules) {
                lines.append(module.getName()).append('\n');
            }
            Files.writeString(services.resolve(HttpModule.class.getName()), lines);
            return new URLClassLoader(new URL[] {directory.toUri().toURL()}, TestModules.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /echo}: answers {@code METHOD uri bodyLength}. */
    public static final class Echo implements HttpModule {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public List<String> paths() {
            return List.of("/echo");
        }

        @Override
        public HttpHandler create(JobContext context) {
            return (channel, request) -> HttpResponses.json(channel, request, HttpResponseStatus.OK,
                    request.method() + " " + request.uri() + " " + request.content().readableBytes());
        }
    }

    /** Serves the root page, as the log view does. */
    public static final class Root implements HttpModule {
        @Override
        public String name() {
            return "root";
        }

        @Override
        public List<String> paths() {
            return List.of("/");
        }

        @Override
        public HttpHandler create(JobContext context) {
            return (channel, request) -> HttpResponses.json(channel, request, HttpResponseStatus.OK, "root " + request.uri());
        }
    }

    /** {@code /off} until set up, then no path: as a module its own setting turns off ({@code UI=false}). */
    public static final class Off implements HttpModule {
        private volatile boolean on = true;

        @Override
        public String name() {
            return "off";
        }

        @Override
        public List<String> paths() {
            return on ? List.of("/off") : List.of();
        }

        @Override
        public HttpHandler create(JobContext context) {
            on = false;
            return HttpResponses::notFound;
        }
    }

    /** {@code /broken}: its handler throws. */
    public static final class Broken implements HttpModule {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<String> paths() {
            return List.of("/broken");
        }

        @Override
        public HttpHandler create(JobContext context) {
            return (channel, request) -> {
                throw new IllegalStateException("the module's own bug");
            };
        }
    }

    /** A plugin that tries to take over {@code /health}. */
    public static final class OtherHealth implements HttpModule {
        @Override
        public String name() {
            return "health";
        }

        @Override
        public List<String> paths() {
            return List.of("/health");
        }

        @Override
        public HttpHandler create(JobContext context) {
            return (channel, request) -> HttpResponses.json(channel, request, HttpResponseStatus.OK, "not the core's");
        }
    }
}
