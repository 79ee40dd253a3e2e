package io.logspout.template;

import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import io.logspout.api.Output;
import io.logspout.api.TemplateFunction;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A template rendered by Pebble, into the thread's reused builder. */
final class PebbleMessageTemplate implements MessageTemplate {
    private final PebbleTemplate template;
    private final Map<String, TemplateFunction> functions;
    private final Map<String, Object> constants;
    private final GoZone zone;

    PebbleMessageTemplate(PebbleTemplate template, Map<String, TemplateFunction> functions, Map<String, Object> constants, GoZone zone) {
        this.template = template;
        this.functions = functions;
        this.constants = constants;
        this.zone = zone;
    }

    @Override
    public String render(LogMessage message) {
        RenderScratch scratch = RenderScratch.acquire();
        try {
            evaluate(message, scratch);
            return scratch.text.toString();
        } finally {
            scratch.release();
        }
    }

    @Override
    public void renderTo(LogMessage message, Output out) {
        RenderScratch scratch = RenderScratch.acquire();
        try {
            evaluate(message, scratch);
            out.writeUtf8(scratch.text);
        } finally {
            scratch.release();
        }
    }

    private void evaluate(LogMessage message, RenderScratch scratch) {
        scratch.context.reset(message, functions, constants, zone);
        try {
            template.evaluate(scratch.writer, scratch.context);
        } catch (IOException e) {
            // The writer appends to a builder and never throws.
            throw new UncheckedIOException(e);
        }
    }
}
