package io.logspout.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lexer of an action, as Go's {@code text/template/parse/lex.go} lexes from
 * {@code lexInsideAction} on: a state machine with one method per state, each lexing what it
 * stands for and returning the next state. The text between actions, the left delimiter and
 * comments are read by {@link GoTemplateParser}, which calls {@link #lexAction} for each action.
 *
 * <p>One instance per action; not thread-safe.
 */
final class GoTemplateLexer {
    enum Kind {
        SPACE, FIELD, DOT, VARIABLE, IDENT, KEYWORD, STRING, RAW_STRING, CHAR, NUMBER, BOOL, NIL,
        PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, OTHER, END
    }

    record Token(Kind kind, String text, int position) {
    }

    /**
     * An action's tokens, the last one {@link Kind#END}.
     *
     * @param contentEnd where the action's content ends: at its {@code }}} or {@code -}}}
     * @param end just after the closing delimiter
     * @param trimAfter whether the action ends with {@code -}}}, which trims the text after it
     */
    record Action(List<Token> tokens, int contentEnd, int end, boolean trimAfter) {
    }

    /** A state of the lexer, as Go's {@code stateFn}: lexes what it stands for and returns the next state, null after the action. */
    @FunctionalInterface
    private interface State {
        State lex();
    }

    private static final Set<String> KEYWORDS = Set.of(
            "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");

    private final String src;
    private final int start;
    private final List<Token> tokens = new ArrayList<>();
    private int i;
    private int parenDepth;
    private Action action;

    private GoTemplateLexer(String src, int start) {
        this.src = src;
        this.start = start;
        this.i = start;
    }

    /**
     * Lexes the action whose content starts at {@code start} (after {@code {{} and any {@code -}).
     *
     * @throws TemplateError where the action is not Go, as Go's lexer words it
     */
    static Action lexAction(String src, int start) {
        GoTemplateLexer lexer = new GoTemplateLexer(src, start);
        for (State state = lexer::lexInsideAction; state != null; ) {
            state = state.lex();
        }
        return lexer.action;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Whether {@code -}}} (a space, then {@code -}}}) starts at {@code at}. */
    static boolean atRightTrim(String src, int at) {
        return at < src.length() && isSpace(src.charAt(at)) && src.startsWith("-}}", at + 1);
    }

    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** Go's lexInsideAction: the state that the next character starts. */
    private State lexInsideAction() {
        if (i >= src.length()) {
            throw new TemplateError(start, "unclosed action");
        }
        if (atRightTrim(src, i) || src.startsWith("}}", i)) {
            return this::lexRightDelim;
        }
        char c = src.charAt(i);
        if (isSpace(c)) {
            return this::lexSpace;
        }
        switch (c) {
            case '=':
                return emit(Kind.ASSIGN, i + 1);
            case ':':
                if (!src.startsWith(":=", i)) {
                    throw new TemplateError(i, "expected :=");
                }
                return emit(Kind.DECLARE, i + 2);
            case '|':
                return emit(Kind.PIPE, i + 1);
            case '"':
                return this::lexQuote;
            case '`':
                return this::lexRawQuote;
            case '\'':
                return this::lexChar;
            case '$':
                return this::lexVariable;
            case '(':
                parenDepth++;
                return emit(Kind.LEFT_PAREN, i + 1);
            case ')':
                if (--parenDepth < 0) {
                    throw new TemplateError(i, "unexpected right paren");
                }
                return emit(Kind.RIGHT_PAREN, i + 1);
            default:
                break;
        }
        if (c == '.' && !(i + 1 < src.length() && Character.isDigit(src.charAt(i + 1)))) {
            return this::lexField;
        }
        if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
            return this::lexNumber;
        }
        if (isAlphaNumeric(c)) {
            return this::lexIdentifier;
        }
        if (c < 0x7F && c >= 0x20) {
            return emit(Kind.OTHER, i + 1);
        }
        throw new TemplateError(i, String.format("unrecognized character in action: U+%04X", (int) c));
    }

    /** Adds the token that runs to {@code end}, then goes on inside the action. */
    private State emit(Kind kind, int end) {
        tokens.add(new Token(kind, src.substring(i, end), i));
        i = end;
        return this::lexInsideAction;
    }

    /** Go's lexRightDelim: {@code }}} or {@code -}}} ends the action. */
    private State lexRightDelim() {
        if (parenDepth > 0) {
            throw new TemplateError(i, "unclosed left paren");
        }
        boolean trim = !src.startsWith("}}", i);
        tokens.add(new Token(Kind.END, "}}", i));
        action = new Action(tokens, i, i + (trim ? 4 : 2), trim);
        return null;
    }

    /** Go's lexSpace: a run of spaces, up to the one that belongs to a {@code -}}}. */
    private State lexSpace() {
        int begin = i;
        while (i < src.length() && isSpace(src.charAt(i)) && !atRightTrim(src, i)) {
            i++;
        }
        tokens.add(new Token(Kind.SPACE, " ", begin));
        return this::lexInsideAction;
    }

    /** Go's lexQuote: {@code "..."} with backslash escapes. */
    private State lexQuote() {
        return emit(Kind.STRING, quoted(i, '"', "unterminated quoted string"));
    }

    /** Go's lexRawQuote: {@code `...`}, newlines allowed. */
    private State lexRawQuote() {
        int close = src.indexOf('`', i + 1);
        if (close < 0) {
            throw new TemplateError(i, "unterminated raw quoted string");
        }
        return emit(Kind.RAW_STRING, close + 1);
    }

    /** Go's lexChar: {@code 'x'}. */
    private State lexChar() {
        return emit(Kind.CHAR, quoted(i, '\'', "unterminated character constant"));
    }

    /** Go's lexVariable: {@code $} or {@code $name}. */
    private State lexVariable() {
        return emit(Kind.VARIABLE, word(i + 1));
    }

    /** Go's lexField: {@code .Name}, or {@code .} alone. */
    private State lexField() {
        int end = word(i + 1);
        return emit(end == i + 1 ? Kind.DOT : Kind.FIELD, end);
    }

    /** Go's lexNumber. */
    private State lexNumber() {
        return emit(Kind.NUMBER, number(i));
    }

    /** Go's lexIdentifier: a keyword, {@code true}/{@code false}, {@code nil} or a function name. */
    private State lexIdentifier() {
        int end = word(i);
        String word = src.substring(i, end);
        Kind kind = KEYWORDS.contains(word) ? Kind.KEYWORD
                : word.equals("true") || word.equals("false") ? Kind.BOOL
                : word.equals("nil") ? Kind.NIL
                : Kind.IDENT;
        return emit(kind, end);
    }

    /** The end of a quoted string or character starting at {@code at}. */
    private int quoted(int at, char quote, String unterminated) {
        int j = at + 1;
        while (j < src.length() && src.charAt(j) != quote) {
            char c = src.charAt(j);
            if (c == '\n') {
                break;
            }
            j += c == '\\' && j + 1 < src.length() && src.charAt(j + 1) != '\n' ? 2 : 1;
        }
        if (j >= src.length() || src.charAt(j) != quote) {
            throw new TemplateError(at, unterminated);
        }
        return j + 1;
    }

    /** The end of the letters and digits from {@code at}, which must end at a terminator. */
    private int word(int at) {
        int j = at;
        while (j < src.length() && isAlphaNumeric(src.charAt(j))) {
            j++;
        }
        if (!atTerminator(j)) {
            throw new TemplateError(j, String.format("bad character U+%04X '%c'", (int) src.charAt(j), src.charAt(j)));
        }
        return j;
    }

    private boolean atTerminator(int at) {
        if (at >= src.length()) {
            return true;
        }
        char c = src.charAt(at);
        return isSpace(c) || ".,|:()".indexOf(c) >= 0 || src.startsWith("}}", at);
    }

    /** Go's scanNumber: accepts what might be a number; the parser checks it. */
    private int number(int at) {
        int j = at;
        if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
            j++;
        }
        String digits = "0123456789_";
        if (j < src.length() && src.charAt(j) == '0') {
            j++;
            if (accept(j, "xX")) {
                digits = "0123456789abcdefABCDEF_";
                j++;
            } else if (accept(j, "oO")) {
                digits = "01234567_";
                j++;
            } else if (accept(j, "bB")) {
                digits = "01_";
                j++;
            }
        }
        j = acceptRun(j, digits);
        if (accept(j, ".")) {
            j = acceptRun(j + 1, digits);
        }
        if (digits.length() == 11 && accept(j, "eE")) {
            j = acceptRun(accept(j + 1, "+-") ? j + 2 : j + 1, "0123456789_");
        }
        if (digits.length() == 23 && accept(j, "pP")) {
            j = acceptRun(accept(j + 1, "+-") ? j + 2 : j + 1, "0123456789_");
        }
        if (accept(j, "i")) {
            j++;
        }
        if (j < src.length() && isAlphaNumeric(src.charAt(j))) {
            throw new TemplateError(at, "bad number syntax: \"" + src.substring(at, j + 1) + "\"");
        }
        return j;
    }

    private boolean accept(int at, String chars) {
        return at < src.length() && chars.indexOf(src.charAt(at)) >= 0;
    }

    private int acceptRun(int at, String chars) {
        while (accept(at, chars)) {
            at++;
        }
        return at;
    }
}
