package io.logspout.adapter.multiline;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code MULTILINE_*} settings, read and checked once per route. Error texts are
 * logspout's, with what it left out (the variable's name, the accepted values) added after them.
 *
 * @param enableByDefault {@code MULTILINE_ENABLE_DEFAULT}: join lines of containers without
 *     {@code LOGSPOUT_MULTILINE}
 * @param pattern {@code MULTILINE_PATTERN}, searched anywhere in a line
 * @param separator {@code MULTILINE_SEPARATOR}, put between the joined lines, as given
 * @param mode {@code MULTILINE_MATCH}
 * @param flushAfterMillis {@code MULTILINE_FLUSH_AFTER}: an entry is sent once it has waited this long
 * @param maxBytes {@code MULTILINE_MAX_BYTES}: the UTF-8 size an entry never grows past
 */
record MultilineSettings(boolean enableByDefault, Pattern pattern, String separator, MatchMode mode, long flushAfterMillis, int maxBytes) {
    static final String DEFAULT_PATTERN = "^\\s";
    static final String DEFAULT_SEPARATOR = "\n";
    static final long DEFAULT_FLUSH_AFTER_MILLIS = 500;
    static final int DEFAULT_MAX_BYTES = 1 << 20;

    static MultilineSettings read(Config config) {
        boolean enableByDefault = config.get("MULTILINE_ENABLE_DEFAULT").map(MultilineSettings::parseEnableDefault).orElse(true);
        Pattern pattern = compilePattern(config.get("MULTILINE_PATTERN", DEFAULT_PATTERN));
        String separator = config.get("MULTILINE_SEPARATOR", DEFAULT_SEPARATOR);
        MatchMode mode = parseMode(config.get("MULTILINE_MATCH", "nonfirst"));
        long flushAfter = config.get("MULTILINE_FLUSH_AFTER").map(MultilineSettings::parseFlushAfter).orElse(DEFAULT_FLUSH_AFTER_MILLIS);
        int maxBytes = config.get("MULTILINE_MAX_BYTES").map(MultilineSettings::parseMaxBytes).orElse(DEFAULT_MAX_BYTES);
        return new MultilineSettings(enableByDefault, pattern, separator, mode, flushAfter, maxBytes);
    }

    /** Go's {@code strconv.ParseBool}: {@code 1 t T TRUE true True}, {@code 0 f F FALSE false False}. */
    private static boolean parseEnableDefault(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ConfigException("multiline: invalid value for MULTILINE_ENABLE_DEFAULT (must be true|false): " + value);
        };
    }

    private static Pattern compilePattern(String value) {
        try {
            return GoRegexp.compile(value);
        } catch (PatternSyntaxException e) {
            throw new ConfigException("multiline: invalid value for MULTILINE_PATTERN (must be regexp): " + value + " (" + e.getDescription() + ")", e);
        }
    }

    private static MatchMode parseMode(String value) {
        MatchMode mode = MatchMode.parse(value);
        if (mode == null) {
            throw new ConfigException("multiline: invalid value for MULTILINE_MATCH (must be one of first|last|nonfirst|nonlast): " + value.toLowerCase(Locale.ROOT));
        }
        return mode;
    }

    private static long parseFlushAfter(String value) {
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("multiline: invalid value for multiline_timeout (must be number): " + value
                    + "; MULTILINE_FLUSH_AFTER is in milliseconds, e.g. MULTILINE_FLUSH_AFTER=" + DEFAULT_FLUSH_AFTER_MILLIS);
        }
        if (millis < 1) {
            throw new ConfigException("multiline: invalid value for MULTILINE_FLUSH_AFTER (must be at least 1 millisecond): " + value);
        }
        return millis;
    }

    private static int parseMaxBytes(String value) {
        try {
            int bytes = Integer.parseInt(value);
            if (bytes >= 1) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new ConfigException("multiline: invalid value for MULTILINE_MAX_BYTES (must be a number of bytes from 1 to " + Integer.MAX_VALUE + "): " + value);
    }
}
