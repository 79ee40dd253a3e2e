package io.logspout.api;

import java.util.Map;

/**
 * Compiles message templates. The language is logspout's: the Go template forms users already
 * have ({@code {{.Data}}}, {@code {{ toJSON .Container.Config.Labels }}},
 * {@code {{ .Time.Format "2006-01-02T15:04:05Z07:00" }}}, ...) and Pebble syntax.
 */
public interface Templates {

    /**
     * Compiles {@code source}.
     *
     * @param setting what the template comes from, for error messages ({@code RAW_FORMAT})
     * @throws ConfigException naming {@code setting} when the template is malformed
     */
    default MessageTemplate compile(String setting, String source) {
        return compile(setting, source, Map.of());
    }

    /**
     * Compiles {@code source} with extra top-level names an adapter defines, such as syslog's
     * {@code .Priority} or {@code .ContainerNameSplitN "." 2}.
     */
    MessageTemplate compile(String setting, String source, Map<String, TemplateFunction> functions);
}
