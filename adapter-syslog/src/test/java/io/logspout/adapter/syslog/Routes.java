package io.logspout.adapter.syslog;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.ByteArrayOutput;
import io.logspout.api.LogMessage;
import io.logspout.api.Route;
import io.logspout.template.GoTemplates;
import io.logspout.testsupport.FakeAdapterContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Syslog adapters for unit tests: a route's context with the real template service. */
final class Routes {
    private final String transport;
    private final Map<String, String> settings = new HashMap<>();
    private final Map<String, String> options = new HashMap<>();

    private Routes(String transport) {
        this.transport = transport;
        // No test reads the machine's real /etc/host_hostname unless it says so.
        settings.put(SyslogAdapterFactory.HOST_HOSTNAME_FILE, "/nonexistent/host_hostname");
    }

    static Routes over(String transport) {
        return new Routes(transport);
    }

    Routes set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    Routes option(String key, String value) {
        options.put(key, value);
        return this;
    }

    SyslogAdapter adapter() {
        return adapter(true);
    }

    /** With {@code fastFields} false every field renders through its template. */
    SyslogAdapter adapter(boolean fastFields) {
        return SyslogAdapterFactory.create(context(), fastFields);
    }

    AdapterContext context() {
        Route route = Route.builder().id("0123456789ab").adapter("syslog+" + transport).address("127.0.0.1:514").options(options).build();
        return FakeAdapterContext.forRoute(route).settings(settings).templates(new GoTemplates()).transport(transport);
    }

    /** What {@code adapter} writes for {@code message}, decoded as UTF-8. */
    static String encode(Adapter adapter, LogMessage message) {
        return new String(bytes(adapter, message), StandardCharsets.UTF_8);
    }

    static byte[] bytes(Adapter adapter, LogMessage message) {
        ByteArrayOutput out = new ByteArrayOutput(256, 1 << 20);
        adapter.encode(message, out);
        return Arrays.copyOf(out.array(), out.size());
    }
}
