package io.logspout.adapter.multiline;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Go (RE2) regular expression with {@code java.util.regex}, so that a
 * {@code MULTILINE_PATTERN} written for Go logspout picks the same lines. Only the forms that
 * java.util.regex would read differently without a word, or reject, are translated:
 *
 * <ul>
 *   <li>{@code [[:alpha:]]} and the other POSIX classes (Java would read a set of the letters
 *       {@code :alph}); {@code [[:^alpha:]]} negated;
 *   <li>{@code [} and {@code &} inside a class are literals in RE2 (Java nests and intersects);
 *       a {@code ]} right after {@code [} or {@code [^} is a literal in both, made explicit;
 *   <li>{@code (?P<name>...)} named groups (Java knows only {@code (?<name>...)});
 *   <li>the {@code U} flag (ungreedy in RE2, Unicode classes in Java) is dropped: greediness
 *       never changes whether a line has a match;
 *   <li>{@code \v} is the vertical tab alone in RE2 (Java: any vertical whitespace).
 * </ul>
 *
 * <p>Flags: {@link Pattern#UNIX_LINES} makes {@code .}, {@code ^} and {@code $} treat only
 * {@code \n} as a line end, as RE2 does (without it, {@code :$} would match {@code "a:\r"});
 * {@link Pattern#UNICODE_CASE} folds case beyond ASCII under {@code (?i)}, as RE2 does.
 */
final class GoRegexp {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("xdigit", "XDigit"));
    private static final String RE2_FLAGS = "imsU-";

    private GoRegexp() {
    }

    /** @throws PatternSyntaxException when {@code re2} is not a valid expression */
    static Pattern compile(String re2) {
        return Pattern.compile(toJava(re2), Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    }

    static String toJava(String re2) {
        StringBuilder java = new StringBuilder(re2.length() + 16);
        boolean inClass = false;
        int n = re2.length();
        int i = 0;
        while (i < n) {
            char c = re2.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i = escape(re2, i, java);
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    java.append(c);
                    i++;
                } else if (re2.startsWith("[:", i) && re2.indexOf(":]", i + 2) >= 0) {
                    int close = re2.indexOf(":]", i + 2);
                    java.append(posixClass(re2, i, re2.substring(i + 2, close)));
                    i = close + 2;
                } else {
                    if (c == '[' || c == '&') {
                        java.append('\\');
                    }
                    java.append(c);
                    i++;
                }
            } else if (c == '[') {
                java.append(c);
                i++;
                if (i < n && re2.charAt(i) == '^') {
                    java.append('^');
                    i++;
                }
                if (i < n && re2.charAt(i) == ']') {
                    java.append("\\]");
                    i++;
                }
                inClass = true;
            } else if (re2.startsWith("(?P<", i)) {
                java.append("(?<");
                i += 4;
            } else if (re2.startsWith("(?", i)) {
                i = flagGroup(re2, i, java);
            } else {
                java.append(c);
                i++;
            }
        }
        return java.toString();
    }

    /** Copies the escape at {@code start} ({@code \Q...\E} whole); returns the index after it. */
    private static int escape(String re2, int start, StringBuilder java) {
        char next = re2.charAt(start + 1);
        if (next == 'Q') {
            int end = re2.indexOf("\\E", start + 2);
            int stop = end < 0 ? re2.length() : end + 2;
            java.append(re2, start, stop);
            return stop;
        }
        if (next == 'v') {
            java.append("\\x0B");
        } else {
            java.append(re2, start, start + 2);
        }
        return start + 2;
    }

    private static String posixClass(String re2, int index, String name) {
        boolean negated = name.startsWith("^");
        String bare = negated ? name.substring(1) : name;
        if (bare.equals("word")) {
            return negated ? "\\W" : "\\w";
        }
        String property = POSIX_CLASSES.get(bare);
        if (property == null) {
            throw new PatternSyntaxException("invalid character class range [:" + name + ":]", re2, index);
        }
        return (negated ? "\\P{" : "\\p{") + property + "}";
    }

    /** Copies {@code (?flags)} or {@code (?flags:} without RE2's {@code U}; other groups are copied as they are. */
    private static int flagGroup(String re2, int start, StringBuilder java) {
        int i = start + 2;
        while (i < re2.length() && RE2_FLAGS.indexOf(re2.charAt(i)) >= 0) {
            i++;
        }
        if (i == re2.length() || (re2.charAt(i) != ')' && re2.charAt(i) != ':')) {
            java.append("(?");
            return start + 2;
        }
        String flags = re2.substring(start + 2, i).replace("U", "");
        boolean none = flags.replace("-", "").isEmpty();
        if (re2.charAt(i) == ')') {
            if (!none) {
                java.append("(?").append(flags).append(')');
            }
        } else {
            java.append("(?").append(none ? "" : flags).append(':');
        }
        return i + 1;
    }
}
