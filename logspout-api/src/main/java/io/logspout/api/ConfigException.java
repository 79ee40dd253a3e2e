package io.logspout.api;

/**
 * A setting, route or template that cannot work as given. The message names the setting, the
 * bad value and what is accepted, because it is shown to the operator as it is: at startup it
 * ends the process with exit code 1, from the routes API it becomes a 400 answer.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
