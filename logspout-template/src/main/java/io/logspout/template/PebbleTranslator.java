package io.logspout.template;

import io.logspout.api.TemplateFunction;
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
import io.logspout.template.Ast.PebbleAction;
import io.logspout.template.Ast.Pipe;
import io.logspout.template.Ast.Variable;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed Go template into Pebble source, checking it on the way as Go would at parse
 * and execution time (unknown fields, wrong argument counts), so a bad template fails at
 * compile time.
 *
 * <p>The Pebble source names only what {@link GoExtension} and {@link RenderContext} provide:
 * the variables {@code Data}, {@code Source}, {@code Time}, {@code Container}, {@code Key} and
 * {@code __message}; constants that Pebble's string syntax cannot carry ({@code __c0}, ...); the
 * functions {@code __print} (Go's {@code %v}), {@code __truth}, {@code __range},
 * {@code call} (adapter functions) and the Go built-ins. Fields are read with
 * {@code x['Name']}, which goes through {@link GoExtension}'s attribute resolver.
 */
final class PebbleTranslator {
    /** Go's built-in template functions plus logspout's toJSON: what the parser accepts as names. */
    static final Set<String> GO_FUNCTIONS = Set.of(
            "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or",
            "print", "printf", "println", "slice", "toJSON", "urlquery");
    /** The ones logspout implements, in the order error messages list them. */
    static final List<String> SUPPORTED_FUNCTIONS = List.of(
            "and", "eq", "ge", "gt", "index", "le", "len", "lt", "ne", "not", "or", "print", "println", "toJSON");

    /** What the translator knows of a value's Go type, for the checks Go makes. */
    private enum Kind {
        MESSAGE("*router.Message"), TIME("time.Time"), STRING("string"), SCALAR("a number or bool"), NIL("nil"), ANY("any");

        final String goName;

        Kind(String goName) {
            this.goName = goName;
        }
    }

    private record Expr(String code, Kind kind) {
    }

    /** The Pebble source, the constants it names and the Pebble actions it embeds. */
    record Result(String source, Map<String, Object> constants, List<PebbleAction> pebbleActions) {
    }

    private final Map<String, TemplateFunction> functions;
    private final Map<String, Object> constants = new HashMap<>();
    private final List<PebbleAction> pebbleActions = new ArrayList<>();
    private final List<Map.Entry<String, Expr>> variables = new ArrayList<>();
    private Expr dot = new Expr("__message", Kind.MESSAGE);
    private int counter;

    PebbleTranslator(Map<String, TemplateFunction> functions) {
        this.functions = functions;
        variables.add(new SimpleImmutableEntry<>("$", dot));
    }

    Result translate(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        nodes(nodes, out);
        return new Result(out.toString(), Map.copyOf(constants), List.copyOf(pebbleActions));
    }

    private void nodes(List<Node> nodes, StringBuilder out) {
        for (Node node : nodes) {
            switch (node) {
                case Ast.Text text -> text(text.text(), out);
                case Ast.Action action -> action(action.pipe(), out);
                case PebbleAction pebble -> {
                    pebbleActions.add(pebble);
                    out.append("{{ __print(").append(pebble.expression()).append(") }}");
                }
                case Ast.If branch -> ifNode(branch, out);
                case Ast.Range range -> rangeNode(range, out);
                case Ast.With with -> withNode(with, out);
            }
        }
    }

    /** Literal text: as is when Pebble cannot mistake it for a tag, else printed as a string. */
    private void text(String text, StringBuilder out) {
        if (text.indexOf('{') < 0) {
            out.append(text);
        } else {
            out.append("{{ ").append(constant(text).code).append(" }}");
        }
    }

    private void action(Pipe pipe, StringBuilder out) {
        Expr value = pipe(pipe);
        if (pipe.declarations().isEmpty()) {
            out.append("{{ __print(").append(value.code).append(") }}");
        } else {
            declare(pipe.declarations().getFirst(), value, out);
        }
    }

    /** {@code $x := value}: a Pebble variable of a unique name, known as $x until the block ends. */
    private Expr declare(String name, Expr value, StringBuilder out) {
        String pebbleName = "__v" + counter++;
        out.append("{% set ").append(pebbleName).append(" = ").append(value.code).append(" %}");
        Expr variable = new Expr(pebbleName, value.kind);
        variables.add(new SimpleImmutableEntry<>(name, variable));
        return variable;
    }

    private void ifNode(Ast.If branch, StringBuilder out) {
        int scope = variables.size();
        Expr condition = pipe(branch.pipe());
        if (!branch.pipe().declarations().isEmpty()) {
            condition = declare(branch.pipe().declarations().getFirst(), condition, out);
        }
        out.append("{% if __truth(").append(condition.code).append(") %}");
        nodes(branch.then(), out);
        if (!branch.otherwise().isEmpty()) {
            out.append("{% else %}");
            nodes(branch.otherwise(), out);
        }
        out.append("{% endif %}");
        endScope(scope);
    }

    private void rangeNode(Ast.Range range, StringBuilder out) {
        int scope = variables.size();
        Expr items = pipe(range.pipe());
        String item = "__r" + counter++;
        out.append("{% for ").append(item).append(" in __range(").append(items.code).append(") %}");
        List<String> declared = range.pipe().declarations();
        Expr element = new Expr(item + ".value", Kind.ANY);
        if (declared.size() == 2) {
            variables.add(new SimpleImmutableEntry<>(declared.get(0), new Expr(item + ".key", Kind.ANY)));
        }
        if (!declared.isEmpty()) {
            variables.add(new SimpleImmutableEntry<>(declared.getLast(), element));
        }
        Expr outer = dot;
        dot = element;
        nodes(range.body(), out);
        dot = outer;
        if (!range.otherwise().isEmpty()) {
            out.append("{% else %}");
            nodes(range.otherwise(), out);
        }
        out.append("{% endfor %}");
        endScope(scope);
    }

    private void withNode(Ast.With with, StringBuilder out) {
        int scope = variables.size();
        Expr value = pipe(with.pipe());
        String name = "__w" + counter++;
        out.append("{% set ").append(name).append(" = ").append(value.code).append(" %}");
        Expr held = new Expr(name, value.kind);
        if (!with.pipe().declarations().isEmpty()) {
            variables.add(new SimpleImmutableEntry<>(with.pipe().declarations().getFirst(), held));
        }
        out.append("{% if __truth(").append(name).append(") %}");
        Expr outer = dot;
        dot = held;
        nodes(with.body(), out);
        dot = outer;
        if (!with.otherwise().isEmpty()) {
            out.append("{% else %}");
            nodes(with.otherwise(), out);
        }
        out.append("{% endif %}");
        endScope(scope);
    }

    private void endScope(int size) {
        variables.subList(size, variables.size()).clear();
    }

    private Expr pipe(Pipe pipe) {
        Expr value = null;
        for (Command command : pipe.commands()) {
            value = command(command, value);
        }
        return value;
    }

    /** A command; {@code piped} is the previous command's value, Go's final argument. */
    private Expr command(Command command, Expr piped) {
        Operand first = command.operands().getFirst();
        List<Expr> arguments = new ArrayList<>();
        for (Operand operand : command.operands().subList(1, command.operands().size())) {
            arguments.add(argument(operand));
        }
        if (piped != null) {
            arguments.add(piped);
        }
        return switch (first) {
            case Function function -> call(function.name(), arguments, function.position());
            case Field field -> fields(dot, field.names(), arguments, field.position());
            case Variable variable when !variable.fields().isEmpty() ->
                    fields(variable(variable), variable.fields(), arguments, variable.position());
            case Chain chain -> fields(argument(chain.operand()), chain.fields(), arguments, chain.position());
            case Nil nil -> throw new TemplateError(nil.position(), "nil is not a command");
            default -> {
                if (!arguments.isEmpty()) {
                    throw new TemplateError(first.position(), "can't give argument to non-function " + describe(first));
                }
                yield argument(first);
            }
        };
    }

    private Expr argument(Operand operand) {
        return switch (operand) {
            case Field field -> fields(dot, field.names(), List.of(), field.position());
            case Variable variable -> fields(variable(variable), variable.fields(), List.of(), variable.position());
            case Function function -> call(function.name(), List.of(), function.position());
            case Chain chain -> fields(argument(chain.operand()), chain.fields(), List.of(), chain.position());
            case Nested nested -> {
                Expr inner = pipe(nested.pipe());
                yield new Expr("(" + inner.code + ")", inner.kind);
            }
            case Constant constant -> constant(constant.value());
            case Dot d -> dot;
            case Nil n -> new Expr("null", Kind.NIL);
        };
    }

    private Expr variable(Variable variable) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).getKey().equals(variable.name())) {
                return variables.get(i).getValue();
            }
        }
        throw new TemplateError(variable.position(), "undefined variable \"" + variable.name() + "\"");
    }

    private static String describe(Operand operand) {
        return switch (operand) {
            case Dot d -> "\".\"";
            case Nested n -> "a parenthesized pipeline";
            case Variable v -> v.name();
            default -> "a constant";
        };
    }

    /** {@code receiver.A.B arguments...}: the arguments go to the last name, Go's method call. */
    private Expr fields(Expr receiver, List<String> names, List<Expr> arguments, int position) {
        Expr current = receiver;
        for (int i = 0; i < names.size(); i++) {
            current = field(current, names.get(i), i == names.size() - 1 ? arguments : List.of(), position);
        }
        return current;
    }

    private Expr field(Expr receiver, String name, List<Expr> arguments, int position) {
        return switch (receiver.kind) {
            case MESSAGE -> messageField(name, arguments, position);
            case TIME -> timeMethod(receiver, name, arguments, position);
            case ANY -> {
                if (!arguments.isEmpty()) {
                    throw new TemplateError(position, name + " has arguments but cannot be invoked as function");
                }
                yield new Expr(receiver.code + "['" + name + "']", Kind.ANY);
            }
            default -> throw new TemplateError(position, "can't evaluate field " + name + " in type " + receiver.kind.goName);
        };
    }

    /** A field of the message, or an adapter function: Go's methods on the adapter's message type. */
    private Expr messageField(String name, List<Expr> arguments, int position) {
        if (functions.containsKey(name)) {
            StringBuilder code = new StringBuilder("call('").append(name).append('\'');
            for (Expr argument : arguments) {
                code.append(", ").append(argument.code);
            }
            return new Expr(code.append(')').toString(), Kind.ANY);
        }
        if (!MessageView.NAMES.contains(name)) {
            throw new TemplateError(position, "can't evaluate field " + name + " of the message; it has "
                    + String.join(", ", MessageView.NAMES)
                    + (functions.isEmpty() ? "" : " and the adapter's " + String.join(", ", new TreeSet<>(functions.keySet()))));
        }
        if (!arguments.isEmpty()) {
            throw new TemplateError(position, name + " has arguments but cannot be invoked as function");
        }
        return new Expr(name, switch (name) {
            case "Time" -> Kind.TIME;
            case "Container" -> Kind.ANY;
            default -> Kind.STRING;
        });
    }

    private Expr timeMethod(Expr receiver, String name, List<Expr> arguments, int position) {
        if (!GoTime.METHODS.contains(name)) {
            throw new TemplateError(position, "can't evaluate field " + name + " in type time.Time; supported: "
                    + String.join(", ", new TreeSet<>(GoTime.METHODS)));
        }
        if (arguments.size() != GoTime.arity(name)) {
            throw wrongArgs(position, name, GoTime.arity(name), false, arguments.size());
        }
        StringBuilder code = new StringBuilder(receiver.code).append('.').append(name);
        if (!arguments.isEmpty()) {
            Expr layout = arguments.getFirst();
            if (layout.kind != Kind.STRING && layout.kind != Kind.ANY) {
                throw new TemplateError(position, "wrong type for value; expected string; got " + layout.kind.goName);
            }
            code.append('(').append(layout.code).append(')');
        }
        return new Expr(code.toString(), switch (name) {
            case "Format", "String" -> Kind.STRING;
            case "UTC", "Local" -> Kind.TIME;
            default -> Kind.SCALAR;
        });
    }

    private Expr call(String name, List<Expr> arguments, int position) {
        int count = arguments.size();
        return switch (name) {
            case "toJSON", "len" -> {
                if (count != 1) {
                    throw wrongArgs(position, name, 1, false, count);
                }
                yield new Expr(invocation(name, arguments), name.equals("len") ? Kind.SCALAR : Kind.STRING);
            }
            case "index" -> {
                if (count < 1) {
                    throw wrongArgs(position, name, 1, true, count);
                }
                yield new Expr(invocation(name, arguments), Kind.ANY);
            }
            case "eq" -> {
                if (count < 2) {
                    throw new TemplateError(position, "missing argument for comparison");
                }
                yield new Expr(invocation(name, arguments), Kind.SCALAR);
            }
            case "ne", "lt", "le", "gt", "ge" -> {
                if (count != 2) {
                    throw wrongArgs(position, name, 2, false, count);
                }
                yield new Expr(invocation(name, arguments), Kind.SCALAR);
            }
            case "not" -> {
                if (count != 1) {
                    throw wrongArgs(position, name, 1, false, count);
                }
                yield new Expr("(not __truth(" + arguments.getFirst().code + "))", Kind.SCALAR);
            }
            case "and", "or" -> {
                if (count < 1) {
                    throw wrongArgs(position, name, 1, true, count);
                }
                yield new Expr(shortCircuit(name.equals("and"), arguments), Kind.ANY);
            }
            case "print", "println" -> new Expr(invocation(name, arguments), Kind.STRING);
            default -> throw new TemplateError(position, "function \"" + name + "\" is not supported; supported functions: "
                    + String.join(", ", SUPPORTED_FUNCTIONS));
        };
    }

    private static TemplateError wrongArgs(int position, String name, int want, boolean atLeast, int got) {
        return new TemplateError(position, "wrong number of args for " + name + ": want " + (atLeast ? "at least " : "")
                + want + " got " + got);
    }

    private static String invocation(String name, List<Expr> arguments) {
        StringBuilder code = new StringBuilder(name).append('(');
        for (int i = 0; i < arguments.size(); i++) {
            code.append(i > 0 ? ", " : "").append(arguments.get(i).code);
        }
        return code.append(')').toString();
    }

    /**
     * Go's {@code and}/{@code or} return an argument, not a boolean: the first false one (and) or
     * true one (or), else the last; and they stop evaluating there. A chain of ternaries does both.
     */
    private static String shortCircuit(boolean and, List<Expr> arguments) {
        String result = arguments.getLast().code;
        for (int i = arguments.size() - 2; i >= 0; i--) {
            String value = arguments.get(i).code;
            result = "(__truth(" + value + ") ? " + (and ? result + " : " + value : value + " : " + result) + ")";
        }
        return result;
    }

    /** A constant: inline when Pebble's syntax holds it exactly, else a context variable. */
    private Expr constant(Object value) {
        return switch (value) {
            case String s when s.indexOf('\'') < 0 && s.indexOf('\\') < 0 -> new Expr("'" + s + "'", Kind.STRING);
            case Long l when l >= 0 -> new Expr(l.toString(), Kind.SCALAR);
            case Boolean b -> new Expr(b.toString(), Kind.SCALAR);
            default -> {
                String name = "__c" + constants.size();
                constants.put(name, value);
                yield new Expr(name, value instanceof String ? Kind.STRING : Kind.SCALAR);
            }
        };
    }
}
