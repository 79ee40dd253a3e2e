package io.logspout.template;

/** What is wrong with a template, and where: {@link GoTemplates} turns it into a ConfigException. */
final class TemplateError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Offset in the template source, 0-based. */
    final int position;

    TemplateError(int position, String message) {
        super(message, null, false, false);
        this.position = position;
    }
}
