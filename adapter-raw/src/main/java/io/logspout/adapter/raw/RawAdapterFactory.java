package io.logspout.adapter.raw;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.MessageTemplate;

/**
 * {@code raw}: each message rendered with the {@code RAW_FORMAT} template (default
 * {@code {{.Data}}\n}). {@code tcp://}, {@code udp://} and {@code tls://} stand for
 * {@code raw+tcp://} and so on.
 */
public final class RawAdapterFactory implements AdapterFactory {
    static final String DEFAULT_FORMAT = "{{.Data}}\n";

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public boolean standsForBareTransport() {
        return true;
    }

    @Override
    public Adapter create(AdapterContext context) {
        MessageTemplate format = context.templates().compile("RAW_FORMAT", context.config().get("RAW_FORMAT", DEFAULT_FORMAT));
        return (message, out) -> format.renderTo(message, out);
    }
}
