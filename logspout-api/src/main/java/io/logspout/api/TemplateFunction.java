package io.logspout.api;

import java.util.List;

/**
 * A top-level name an adapter adds to its templates. {@code {{.Priority}}} calls it with no
 * arguments; {@code {{ .ContainerNameSplitN "." 2 }}} with the arguments {@code "."} and {@code 2L}
 * (numbers arrive as {@link Long}, strings as {@link String}).
 */
@FunctionalInterface
public interface TemplateFunction {
    Object apply(LogMessage message, List<Object> arguments);
}
