package io.logspout.adapter.multiline;

import java.util.Locale;

/** {@code MULTILINE_MATCH}: which lines {@code MULTILINE_PATTERN} marks, and what a mark means. */
enum MatchMode {
    /** A matching line starts an entry. */
    FIRST(true, false),
    /** A line that does not match starts an entry; matching lines continue it. */
    NONFIRST(true, true),
    /** A matching line ends an entry. */
    LAST(false, false),
    /** A line that does not match ends an entry; matching lines accumulate. */
    NONLAST(false, true);

    /** True when a marked line starts an entry, false when it ends one. */
    final boolean marksFirstLine;
    /** True when the lines that do not match are the marked ones. */
    final boolean negate;

    MatchMode(boolean marksFirstLine, boolean negate) {
        this.marksFirstLine = marksFirstLine;
        this.negate = negate;
    }

    /** The value as logspout reads it: lowercased; null when it is none of the four. */
    static MatchMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "first" -> FIRST;
            case "nonfirst" -> NONFIRST;
            case "last" -> LAST;
            case "nonlast" -> NONLAST;
            default -> null;
        };
    }
}
