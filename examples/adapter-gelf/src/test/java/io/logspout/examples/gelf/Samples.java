package io.logspout.examples.gelf;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.Config;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.api.Templates;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Containers, messages and route contexts for the unit tests. */
final class Samples {
    static final String ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";
    static final String IMAGE_ID = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String CREATED = "2025-05-01T10:00:00.123456789Z";
    /** 2023-11-14T22:13:20.123456789Z */
    static final long TIME_NANOS = 1_700_000_000_123_456_789L;

    private Samples() {
    }

    static ContainerInfo container(Map<String, String> labels) {
        Map<String, Object> inspect = Map.of("Id", ID, "Created", CREATED, "Config", Map.of("Cmd", List.of("sh", "-c", "echo hi")));
        return new ContainerInfo(ID, "/web-1", "busybox:latest", IMAGE_ID, "c0ffee", labels, List.of(), 42, false, inspect);
    }

    static LogMessage line(String data) {
        return new LogMessage(container(Map.of()), LogMessage.STDOUT, data, TIME_NANOS);
    }

    /** {@code length} random lowercase letters: text that gzip cannot shrink much. */
    static String letters(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** The context logspout gives the factory for a route over UDP ({@code datagram}) or TCP. */
    static AdapterContext context(boolean datagram, Map<String, String> options, Map<String, String> settings) {
        Route route = Route.builder().id("r1").adapter(datagram ? "gelf" : "gelf+tcp").address("127.0.0.1:12201").options(options).build();
        return new Context(route, Config.of(settings), datagram);
    }

    /** A fake of the core's context: the gelf adapter uses its route, settings and transport kind only. */
    private record Context(Route route, Config config, boolean datagramTransport) implements AdapterContext {

        @Override
        public Templates templates() {
            throw new UnsupportedOperationException("the gelf adapter compiles no templates");
        }

        @Override
        public String transport() {
            return datagramTransport ? "udp" : "tcp";
        }

        @Override
        public String innerAdapter() {
            return "";
        }

        @Override
        public Adapter createAdapter(String chain) {
            throw new UnsupportedOperationException("the gelf adapter wraps no other");
        }

        @Override
        public InstantSource clock() {
            return InstantSource.system();
        }
    }
}
