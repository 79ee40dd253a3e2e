package io.logspout.template;

import static io.logspout.template.GoTemplateLexer.isSpace;

import io.logspout.template.Ast.Chain;
import io.logspout.template.Ast.Command;
import io.logspout.template.Ast.Constant;
import io.logspout.template.Ast.Dot;
import io.logspout.template.Ast.Field;
import io.logspout.template.Ast.Function;
import io.logspout.template.Ast.Nested;
import io.logspout.template.Ast.Nil;
import io.logspout.template.Ast.Node;
import io.logspout.template.Ast.Operand;
import io.logspout.template.Ast.Pipe;
import io.logspout.template.Ast.Variable;
import io.logspout.template.GoTemplateLexer.Kind;
import io.logspout.template.GoTemplateLexer.Token;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a template the way Go's text/template lexer and parser do ({@code text/template/parse}):
 * actions between {@code {{ }}}, trim markers {@code {{- } and { -}}}, comments, pipelines,
 * {@code if}/{@code range}/{@code with}, variables. An action that is not Go becomes a
 * {@link Ast.PebbleAction} for the Pebble engine to try.
 *
 * <p>One difference from Go, on purpose: literal text has its {@code \n}, {@code \r}, {@code \t}
 * and {@code \\} escapes interpreted, because users write {@code RAW_FORMAT={{ toJSON .Data }}\n}
 * in an environment variable and mean a newline.
 *
 * <p>Not thread-safe; one parser per template.
 */
final class GoTemplateParser {
    /** An {@code {{else}}} or {@code {{end}}}, with the rest of its action for else-if. */
    private record Control(String keyword, Cursor rest, int position) {
    }

    private final String src;
    private int pos;
    /** The previous action ended with {@code -}}}: trim the whitespace that starts the next text. */
    private boolean trimNextText;
    /** Where the action being read ends its content, and whether it ends with {@code -}}}. */
    private int contentEnd;
    private boolean trimAfterAction;
    private final List<String> variables = new ArrayList<>(List.of("$"));

    GoTemplateParser(String source) {
        this.src = source;
    }

    List<Node> parse() {
        List<Node> nodes = new ArrayList<>();
        Control control = parseList(nodes);
        if (control != null) {
            throw new TemplateError(control.position(), "unexpected {{" + control.keyword + "}}");
        }
        return nodes;
    }

    /** Reads nodes into {@code into} up to the end of the source (null) or an else/end action. */
    private Control parseList(List<Node> into) {
        while (true) {
            int open = src.indexOf("{{", pos);
            int textEnd = open < 0 ? src.length() : open;
            addText(into, textEnd, open >= 0 && hasLeftTrim(open + 2));
            if (open < 0) {
                pos = src.length();
                return null;
            }
            Control control = action(open, into);
            if (control != null) {
                return control;
            }
        }
    }

    private void addText(List<Node> into, int end, boolean trimEnd) {
        int from = pos;
        int to = end;
        if (trimNextText) {
            while (from < to && isSpace(src.charAt(from))) {
                from++;
            }
        }
        if (trimEnd) {
            while (to > from && isSpace(src.charAt(to - 1))) {
                to--;
            }
        }
        trimNextText = false;
        pos = end;
        if (from < to) {
            into.add(new Ast.Text(unescape(src.substring(from, to))));
        }
    }

    /** Literal text with {@code \n}, {@code \r}, {@code \t} and {@code \\} interpreted. */
    static String unescape(String raw) {
        int backslash = raw.indexOf('\\');
        if (backslash < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, backslash);
        for (int i = backslash; i < raw.length(); i++) {
            char c = raw.charAt(i);
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (c == '\\' && (next == 'n' || next == 'r' || next == 't' || next == '\\')) {
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> '\\';
                });
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private boolean hasLeftTrim(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    /** Reads the action at {@code open}; returns an else/end for the caller, or null. */
    private Control action(int open, List<Node> into) {
        int start = open + 2;
        if (hasLeftTrim(start)) {
            start += 2;
        }
        if (src.startsWith("/*", start)) {
            comment(open, start);
            return null;
        }
        List<Token> tokens;
        try {
            GoTemplateLexer.Action lexed = GoTemplateLexer.lexAction(src, start);
            setActionEnd(lexed.contentEnd(), lexed.end(), lexed.trimAfter());
            tokens = lexed.tokens();
        } catch (TemplateError notGo) {
            if (!scanPebbleAction(start)) {
                throw notGo;
            }
            into.add(new Ast.PebbleAction(src.substring(start, contentEnd).strip(), start, notGo));
            finishAction();
            return null;
        }
        finishAction();
        Cursor cursor = new Cursor(tokens);
        Token first = cursor.peekNonSpace();
        if (first.kind() == Kind.KEYWORD) {
            return control(cursor.nextNonSpace(), cursor, into);
        }
        int scope = variables.size();
        try {
            into.add(new Ast.Action(pipeline(cursor, "command", Kind.END)));
        } catch (TemplateError notGo) {
            variables.subList(scope, variables.size()).clear();
            into.add(new Ast.PebbleAction(src.substring(start, contentEnd).strip(), start, notGo));
        }
        return null;
    }

    private void finishAction() {
        trimNextText = trimAfterAction;
    }

    private void comment(int open, int start) {
        int close = src.indexOf("*/", start + 2);
        if (close < 0) {
            throw new TemplateError(open, "unclosed comment");
        }
        int after = close + 2;
        if (src.startsWith("}}", after)) {
            pos = after + 2;
            trimNextText = false;
        } else if (GoTemplateLexer.atRightTrim(src, after)) {
            pos = after + 4;
            trimNextText = true;
        } else {
            throw new TemplateError(open, "comment ends before closing delimiter");
        }
    }

    /**
     * Finds the end of an action that Go cannot lex, skipping Pebble's quoted strings; false when
     * there is none.
     */
    private boolean scanPebbleAction(int start) {
        int i = start;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\'' || c == '"') {
                i++;
                while (i < src.length() && src.charAt(i) != c) {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (GoTemplateLexer.atRightTrim(src, i)) {
                setActionEnd(i, i + 4, true);
                return true;
            } else if (src.startsWith("}}", i)) {
                setActionEnd(i, i + 2, false);
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    private void setActionEnd(int content, int end, boolean trim) {
        contentEnd = content;
        pos = end;
        trimAfterAction = trim;
    }

    // ---- parser: text/template/parse/parse.go ----

    private static final class Cursor {
        private final List<Token> tokens;
        private int index;

        Cursor(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token next() {
            return tokens.get(Math.min(index++, tokens.size() - 1));
        }

        void back() {
            index--;
        }

        Token nextNonSpace() {
            Token token = next();
            while (token.kind() == Kind.SPACE) {
                token = next();
            }
            return token;
        }

        Token peekNonSpace() {
            Token token = nextNonSpace();
            back();
            return token;
        }

        Token peek() {
            Token token = next();
            back();
            return token;
        }
    }

    private Control control(Token keyword, Cursor cursor, List<Node> into) {
        switch (keyword.text()) {
            case "if" -> into.add(parseIf(keyword, cursor));
            case "range", "with" -> into.add(parseBlock(keyword, cursor));
            case "else" -> {
                return new Control("else", cursor, keyword.position());
            }
            case "end" -> {
                expect(cursor, Kind.END, "end");
                return new Control("end", cursor, keyword.position());
            }
            default -> throw new TemplateError(keyword.position(), "{{" + keyword.text() + "}} is not supported");
        }
        return null;
    }

    private Ast.If parseIf(Token keyword, Cursor cursor) {
        int scope = variables.size();
        Pipe pipe = pipeline(cursor, "if", Kind.END);
        List<Node> then = new ArrayList<>();
        Control control = parseBody(keyword, then);
        List<Node> otherwise = new ArrayList<>();
        if (control.keyword.equals("else")) {
            Token next = control.rest.nextNonSpace();
            if (next.kind() == Kind.KEYWORD && next.text().equals("if")) {
                otherwise.add(parseIf(next, control.rest));
            } else {
                control.rest.back();
                parseElse(keyword, control, otherwise);
            }
        }
        variables.subList(scope, variables.size()).clear();
        return new Ast.If(pipe, then, otherwise);
    }

    private Node parseBlock(Token keyword, Cursor cursor) {
        int scope = variables.size();
        Pipe pipe = pipeline(cursor, keyword.text(), Kind.END);
        List<Node> body = new ArrayList<>();
        Control control = parseBody(keyword, body);
        List<Node> otherwise = new ArrayList<>();
        if (control.keyword.equals("else")) {
            parseElse(keyword, control, otherwise);
        }
        variables.subList(scope, variables.size()).clear();
        return keyword.text().equals("range") ? new Ast.Range(pipe, body, otherwise) : new Ast.With(pipe, body, otherwise);
    }

    private Control parseBody(Token keyword, List<Node> into) {
        Control control = parseList(into);
        if (control == null) {
            throw new TemplateError(keyword.position(), "unexpected EOF: {{" + keyword.text() + "}} has no {{end}}");
        }
        return control;
    }

    private void parseElse(Token keyword, Control elseAction, List<Node> into) {
        expect(elseAction.rest, Kind.END, "else");
        Control control = parseBody(keyword, into);
        if (!control.keyword.equals("end")) {
            throw new TemplateError(control.position(), "expected {{end}}; found {{" + control.keyword + "}}");
        }
    }

    private static void expect(Cursor cursor, Kind kind, String context) {
        Token token = cursor.nextNonSpace();
        if (token.kind() != kind) {
            throw unexpected(token, context);
        }
    }

    private static TemplateError unexpected(Token token, String context) {
        String what = token.kind() == Kind.END ? "}}" : "\"" + token.text() + "\"";
        return new TemplateError(token.position(), "unexpected " + what + " in " + context);
    }

    private Pipe pipeline(Cursor cursor, String context, Kind end) {
        int position = cursor.peekNonSpace().position();
        List<String> declarations = new ArrayList<>();
        int save = cursor.index;
        Token variable = cursor.nextNonSpace();
        Token next = variable.kind() == Kind.VARIABLE ? cursor.nextNonSpace() : variable;
        if (variable.kind() == Kind.VARIABLE && next.kind() == Kind.DECLARE) {
            declarations.add(variable.text());
        } else if (variable.kind() == Kind.VARIABLE && next.kind() == Kind.ASSIGN) {
            throw new TemplateError(next.position(), "assigning with = is not supported; declare a variable with :=");
        } else if (variable.kind() == Kind.VARIABLE && next.kind() == Kind.OTHER && next.text().equals(",")) {
            if (!context.equals("range")) {
                throw new TemplateError(next.position(), "too many declarations in " + context);
            }
            Token second = cursor.nextNonSpace();
            if (second.kind() != Kind.VARIABLE) {
                throw new TemplateError(second.position(), "range can only initialize variables");
            }
            expect(cursor, Kind.DECLARE, context);
            declarations.add(variable.text());
            declarations.add(second.text());
        } else {
            cursor.index = save;
        }
        variables.addAll(declarations);
        List<Command> commands = new ArrayList<>();
        while (true) {
            Token token = cursor.nextNonSpace();
            if (token.kind() == end) {
                break;
            }
            if (!startsOperand(token)) {
                throw unexpected(token, context);
            }
            cursor.back();
            commands.add(command(cursor));
        }
        if (commands.isEmpty()) {
            throw new TemplateError(position, "missing value for " + context);
        }
        for (int i = 1; i < commands.size(); i++) {
            Operand first = commands.get(i).operands().getFirst();
            if (first instanceof Constant || first instanceof Dot || first instanceof Nil) {
                throw new TemplateError(first.position(), "non executable command in pipeline stage " + (i + 1));
            }
        }
        return new Pipe(List.copyOf(declarations), List.copyOf(commands), position);
    }

    private static boolean startsOperand(Token token) {
        return switch (token.kind()) {
            case BOOL, CHAR, DOT, FIELD, IDENT, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> true;
            default -> false;
        };
    }

    private Command command(Cursor cursor) {
        int position = cursor.peekNonSpace().position();
        List<Operand> operands = new ArrayList<>();
        while (true) {
            cursor.peekNonSpace();
            Operand operand = operand(cursor);
            if (operand != null) {
                operands.add(operand);
            }
            Token token = cursor.next();
            if (token.kind() == Kind.SPACE) {
                continue;
            }
            if (token.kind() == Kind.END || token.kind() == Kind.RIGHT_PAREN) {
                cursor.back();
            } else if (token.kind() != Kind.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (operands.isEmpty()) {
            throw new TemplateError(position, "empty command");
        }
        return new Command(List.copyOf(operands), position);
    }

    private Operand operand(Cursor cursor) {
        Operand term = term(cursor);
        if (term == null || cursor.peek().kind() != Kind.FIELD) {
            return term;
        }
        int position = cursor.peek().position();
        List<String> fields = new ArrayList<>();
        while (cursor.peek().kind() == Kind.FIELD) {
            fields.add(cursor.next().text().substring(1));
        }
        return switch (term) {
            case Field field -> new Field(concat(field.names(), fields), field.position());
            case Variable variable -> new Variable(variable.name(), concat(variable.fields(), fields), variable.position());
            case Constant c -> throw new TemplateError(position, "unexpected . after term");
            case Nil n -> throw new TemplateError(position, "unexpected . after term nil");
            case Dot d -> throw new TemplateError(position, "unexpected . after term \".\"");
            default -> new Chain(term, List.copyOf(fields), position);
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private Operand term(Cursor cursor) {
        Token token = cursor.nextNonSpace();
        int at = token.position();
        return switch (token.kind()) {
            case IDENT -> {
                if (!PebbleTranslator.GO_FUNCTIONS.contains(token.text())) {
                    throw new TemplateError(at, "function \"" + token.text() + "\" not defined");
                }
                yield new Function(token.text(), at);
            }
            case DOT -> new Dot(at);
            case NIL -> new Nil(at);
            case VARIABLE -> {
                if (!variables.contains(token.text())) {
                    throw new TemplateError(at, "undefined variable \"" + token.text() + "\"");
                }
                yield new Variable(token.text(), List.of(), at);
            }
            case FIELD -> new Field(List.of(token.text().substring(1)), at);
            case BOOL -> new Constant(Boolean.valueOf(token.text()), at);
            case CHAR -> new Constant(character(token), at);
            case NUMBER -> new Constant(number(token), at);
            case LEFT_PAREN -> new Nested(pipeline(cursor, "parenthesized pipeline", Kind.RIGHT_PAREN), at);
            case STRING -> new Constant(unquote(token), at);
            case RAW_STRING -> new Constant(token.text().substring(1, token.text().length() - 1).replace("\r", ""), at);
            default -> {
                cursor.back();
                yield null;
            }
        };
    }

    // ---- literals: strconv.Unquote and the number rules of text/template/parse/node.go ----

    private static Long character(Token token) {
        String body = token.text().substring(1, token.text().length() - 1);
        String value = unquoteBody(body, '\'', token.position());
        if (value.codePointCount(0, value.length()) != 1) {
            throw new TemplateError(token.position(), "malformed character constant: " + token.text());
        }
        return (long) value.codePointAt(0);
    }

    private static String unquote(Token token) {
        return unquoteBody(token.text().substring(1, token.text().length() - 1), '"', token.position());
    }

    /** Go's escapes: \a \b \f \n \r \t \v \\ \" (or \'), \ooo, \xhh, backslash-u hhhh, \Uhhhhhhhh. */
    private static String unquoteBody(String body, char quote, int position) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        // \x and octal escapes are bytes, so the value is built as UTF-8.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                int end = Character.isHighSurrogate(c) && i + 1 < body.length() ? i + 2 : i + 1;
                bytes.writeBytes(body.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
                continue;
            }
            char e = ++i < body.length() ? body.charAt(i) : 0;
            switch (e) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(11);
                case '\\' -> bytes.write('\\');
                case '"', '\'' -> {
                    if (e != quote) {
                        throw new TemplateError(position, "invalid escape \\" + e + " in quoted text");
                    }
                    bytes.write(e);
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int value = hexOrOctal(body, i, 3, 8, position);
                    if (value > 255) {
                        throw new TemplateError(position, "octal escape value > 255");
                    }
                    bytes.write(value);
                    i += 2;
                }
                case 'x' -> {
                    bytes.write(hexOrOctal(body, i + 1, 2, 16, position));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int length = e == 'u' ? 4 : 8;
                    int codePoint = hexOrOctal(body, i + 1, length, 16, position);
                    if (codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                        throw new TemplateError(position, "invalid Unicode code point in escape");
                    }
                    bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                    i += length;
                }
                default -> throw new TemplateError(position, "unknown escape sequence \\" + e);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hexOrOctal(String body, int from, int length, int radix, int position) {
        if (from + length > body.length()) {
            throw new TemplateError(position, "escape sequence too short");
        }
        int value = 0;
        for (int i = from; i < from + length; i++) {
            int digit = Character.digit(body.charAt(i), radix);
            if (digit < 0) {
                throw new TemplateError(position, "invalid digit '" + body.charAt(i) + "' in escape");
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** An integer ({@link Long}) or a float ({@link Double}), with Go's syntax rules. */
    private static Object number(Token token) {
        String text = token.text();
        int at = token.position();
        if (text.endsWith("i")) {
            throw new TemplateError(at, "complex numbers are not supported: " + text);
        }
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        boolean negative = text.startsWith("-");
        String lower = unsigned.toLowerCase(java.util.Locale.ROOT);
        boolean prefixed = lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b");
        String digits = prefixed ? unsigned.substring(2) : unsigned;
        if (!underscoresOk(digits, prefixed)) {
            throw new TemplateError(at, "illegal number syntax: " + text);
        }
        digits = digits.replace("_", "");
        if (lower.startsWith("0x") && lower.contains("p")) {
            throw new TemplateError(at, "hexadecimal floats are not supported: " + text);
        }
        if (!lower.startsWith("0x") && (digits.contains(".") || lower.contains("e"))) {
            try {
                double value = Double.parseDouble(digits);
                return negative ? -value : value;
            } catch (NumberFormatException e) {
                throw new TemplateError(at, "illegal number syntax: " + text);
            }
        }
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2
                : digits.length() > 1 && digits.startsWith("0") ? 8 : 10;
        try {
            BigInteger value = new BigInteger(digits, radix);
            return (negative ? value.negate() : value).longValueExact();
        } catch (NumberFormatException e) {
            throw new TemplateError(at, "illegal number syntax: " + text);
        } catch (ArithmeticException e) {
            throw new TemplateError(at, "number out of range: " + text);
        }
    }

    /** Go allows {@code _} only between digits, or right after a base prefix. */
    private static boolean underscoresOk(String digits, boolean prefixed) {
        if (digits.isEmpty()) {
            return !prefixed;
        }
        if (digits.endsWith("_") || digits.contains("__") || (!prefixed && digits.startsWith("_"))) {
            return false;
        }
        return !digits.contains("_.") && !digits.contains("._");
    }
}
