package io.logspout.ui;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;

/**
 * The log view's settings, read and checked once at setup.
 *
 * @param enabled false with {@code UI=false}: the module serves nothing
 * @param maxLines lines the page keeps; older ones are dropped as new ones come ({@code UI_MAX_LINES})
 * @param tail lines of each container the page loads from Docker's log when it opens, 0 for none ({@code UI_TAIL})
 */
record UiSettings(boolean enabled, int maxLines, int tail) {
    static final String ENABLED = "UI";
    static final String MAX_LINES = "UI_MAX_LINES";
    static final String TAIL = "UI_TAIL";
    static final int DEFAULT_MAX_LINES = 10_000;
    static final int DEFAULT_TAIL = 100;
    /** More lines than this make the page slow to filter; a browser tab is not a log store. */
    static final int MAX_MAX_LINES = 1_000_000;
    /** Lines per container for /ui/recent at most: it holds them all in memory at once. */
    static final int MAX_TAIL = 1_000;

    UiSettings {
        if (maxLines < 1 || maxLines > MAX_MAX_LINES) {
            throw new ConfigException(MAX_LINES + "=" + maxLines + " is out of range; it must be from 1 to " + MAX_MAX_LINES
                    + " (default " + DEFAULT_MAX_LINES + ")");
        }
        if (tail < 0 || tail > maxTail(maxLines)) {
            throw new ConfigException(TAIL + "=" + tail + " is out of range; it must be from 0 to " + maxTail(maxLines) + " (at most "
                    + MAX_TAIL + " and " + MAX_LINES + "; default " + DEFAULT_TAIL + ")");
        }
    }

    /** The most lines of each container the page may load: {@link #MAX_TAIL}, fewer when it keeps fewer. */
    static int maxTail(int maxLines) {
        return Math.min(MAX_TAIL, maxLines);
    }

    /** @throws ConfigException when a setting is bad */
    static UiSettings from(Config config) {
        String enabled = config.get(ENABLED, "true");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException(ENABLED + "=" + enabled + " is not understood; use " + ENABLED + "=false to turn the log view off, "
                    + ENABLED + "=true (the default) to keep it");
        }
        int maxLines = config.getInt(MAX_LINES, DEFAULT_MAX_LINES);
        return new UiSettings(enabled.equals("true"), maxLines, config.getInt(TAIL, Math.min(DEFAULT_TAIL, maxLines)));
    }
}
