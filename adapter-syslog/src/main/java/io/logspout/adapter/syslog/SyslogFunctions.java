package io.logspout.adapter.syslog;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.TemplateFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names the syslog adapter adds to its templates, Go logspout's methods on its syslog
 * message: {@code .Priority}, {@code .Timestamp}, {@code .Hostname}, {@code .ContainerName},
 * {@code .ContainerNameSplitN "." 2}, and {@code .TimestampMicro} (new here).
 */
final class SyslogFunctions {
    /** The syslog priority of a message's source: Go's log/syslog LOG_USER|LOG_INFO, LOG_USER|LOG_ERR, LOG_DAEMON|LOG_INFO. */
    enum Priority {
        STDOUT(14), STDERR(11), OTHER(30);

        final int value;
        /** The value as ASCII digits, so a line costs no number formatting. */
        final byte[] digits;

        Priority(int value) {
            this.value = value;
            this.digits = Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
        }

        static Priority of(String source) {
            return switch (source) {
                case LogMessage.STDOUT -> STDOUT;
                case LogMessage.STDERR -> STDERR;
                default -> OTHER;
            };
        }
    }

    private SyslogFunctions() {
    }

    /**
     * The functions for one route.
     *
     * @param hostname what {@code .Hostname} gives: the host name file's contents, else this machine's name
     */
    static Map<String, TemplateFunction> of(String hostname, SyslogTime time) {
        return Map.of(
                "Priority", (message, arguments) -> {
                    none("Priority", arguments);
                    return Priority.of(message.source()).value;
                },
                "Timestamp", (message, arguments) -> {
                    none("Timestamp", arguments);
                    return time.seconds(message.timeNanos());
                },
                "TimestampMicro", (message, arguments) -> {
                    none("TimestampMicro", arguments);
                    return time.micros(message.timeNanos());
                },
                "Hostname", (message, arguments) -> {
                    none("Hostname", arguments);
                    return hostname;
                },
                "ContainerName", (message, arguments) -> {
                    none("ContainerName", arguments);
                    return containerName(message.container());
                },
                "ContainerNameSplitN", SyslogFunctions::containerNameSplitN);
    }

    /** The name without Docker's leading {@code /}. */
    static String containerName(ContainerInfo container) {
        return container.bareName();
    }

    private static Object containerNameSplitN(LogMessage message, List<Object> arguments) {
        if (arguments.size() != 2 || !(arguments.get(0) instanceof String separator) || !(arguments.get(1) instanceof Number count)) {
            throw new IllegalArgumentException("ContainerNameSplitN takes a separator and a count, as in"
                    + " {{ index (.ContainerNameSplitN \".\" 2) 0 }}; it was given " + arguments);
        }
        return splitN(containerName(message.container()), separator, count.intValue());
    }

    private static void none(String name, List<Object> arguments) {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException(name + " takes no arguments; it was given " + arguments);
        }
    }

    /**
     * Go's {@code strings.SplitN}: at most {@code n} parts, the last holding the rest; all parts
     * when {@code n < 0}; none when {@code n == 0}; an empty separator splits into characters.
     */
    static List<String> splitN(String text, String separator, int n) {
        if (n == 0) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        if (separator.isEmpty()) {
            int i = 0;
            while (i < text.length() && (n < 0 || parts.size() < n - 1)) {
                int next = text.offsetByCodePoints(i, 1);
                parts.add(text.substring(i, next));
                i = next;
            }
            if (i < text.length()) {
                parts.add(text.substring(i));
            }
            return parts;
        }
        int start = 0;
        while (n < 0 || parts.size() < n - 1) {
            int found = text.indexOf(separator, start);
            if (found < 0) {
                break;
            }
            parts.add(text.substring(start, found));
            start = found + separator.length();
        }
        parts.add(text.substring(start));
        return parts;
    }
}
