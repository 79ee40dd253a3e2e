package io.logspout.api;

/** A compiled template. Thread-safe; compile once per route, render per message. */
public interface MessageTemplate {

    /** Renders {@code message} as text. */
    String render(LogMessage message);

    /** Renders {@code message} as UTF-8 into {@code out}, without ending the message. */
    default void renderTo(LogMessage message, Output out) {
        out.writeUtf8(render(message));
    }
}
