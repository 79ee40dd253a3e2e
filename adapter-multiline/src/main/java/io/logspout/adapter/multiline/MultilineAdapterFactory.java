package io.logspout.adapter.multiline;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;

/**
 * {@code multiline}: joins continuation lines (stack traces, indented output) into one message
 * before the adapter it wraps: {@code multiline+raw+tcp://host:port},
 * {@code multiline+syslog+tls://host:port}, {@code multiline+tcp://host:port} (raw). Settings
 * are the {@code MULTILINE_*} variables; see the module's README.
 */
public final class MultilineAdapterFactory implements AdapterFactory {
    static final String NO_SUB_ADAPTER = "multiline: adapter must have a sub-adapter, eg: multiline+raw+tcp";

    @Override
    public String name() {
        return "multiline";
    }

    @Override
    public Adapter create(AdapterContext context) {
        MultilineSettings settings = MultilineSettings.read(context.config());
        if (context.innerAdapter().isEmpty()) {
            throw new ConfigException(NO_SUB_ADAPTER);
        }
        Adapter inner = context.createAdapter(context.innerAdapter());
        return new MultilineAdapter(inner, settings, context.clock(), context.route().id());
    }
}
