package io.logspout.template;

import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.attributes.ResolvedAttribute;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the Pebble engine needs to run translated Go templates, also open to Pebble syntax:
 * Go's functions ({@code toJSON}, {@code index}, {@code len}, {@code eq}, ...), the helpers
 * the translation uses ({@code __print}, {@code __truth}, {@code __range}), {@code call} for
 * adapter functions with arguments, a {@code toJSON} filter, and an attribute resolver that
 * reads fields the Go way ({@link GoValues#field}: case-insensitive map keys, time methods).
 */
final class GoExtension extends AbstractExtension {
    /** A Pebble function over its positional arguments. */
    @FunctionalInterface
    private interface Body {
        Object apply(List<Object> arguments, EvaluationContext context);
    }

    private record GoFunction(Body body) implements Function {
        @Override
        public List<String> getArgumentNames() {
            return null;
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
            // Without argument names, Pebble passes positional arguments under "0", "1", ...
            List<Object> arguments = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                arguments.add(args.get(Integer.toString(i)));
            }
            return body.apply(Collections.unmodifiableList(arguments), context);
        }
    }

    private static final Map<String, Function> FUNCTIONS = Map.ofEntries(
            entry("__print", (a, c) -> GoFormat.toText(arg(a, 0))),
            entry("__truth", (a, c) -> GoValues.truth(arg(a, 0))),
            entry("__range", (a, c) -> GoValues.range(arg(a, 0))),
            entry("call", (a, c) -> ((RenderContext) c.getVariable(RenderContext.SELF)).call(arg(a, 0), rest(a))),
            entry("toJSON", (a, c) -> GoJson.marshal(arg(a, 0))),
            entry("index", (a, c) -> GoValues.index(arg(a, 0), rest(a))),
            entry("len", (a, c) -> GoValues.len(arg(a, 0))),
            entry("eq", (a, c) -> GoValues.eq(arg(a, 0), rest(a))),
            entry("ne", (a, c) -> !GoValues.equal(arg(a, 0), arg(a, 1))),
            entry("lt", (a, c) -> ordered(a, -1, false)),
            entry("le", (a, c) -> ordered(a, -1, true)),
            entry("gt", (a, c) -> ordered(a, 1, false)),
            entry("ge", (a, c) -> ordered(a, 1, true)),
            entry("print", (a, c) -> GoValues.sprint(a, false)),
            entry("println", (a, c) -> GoValues.sprint(a, true)));

    private static final Filter TO_JSON = new Filter() {
        @Override
        public List<String> getArgumentNames() {
            return null;
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
            return GoJson.marshal(input);
        }
    };

    /** Go's fields before Pebble's bean properties: maps, times, range items, missing values. */
    private static final AttributeResolver GO_FIELDS = new AttributeResolver() {
        @Override
        public ResolvedAttribute resolve(Object instance, Object attributeNameValue, Object[] argumentValues, ArgumentsNode args,
                EvaluationContextImpl context, String filename, int lineNumber) {
            String name = String.valueOf(attributeNameValue);
            List<Object> arguments = argumentValues == null ? List.of() : Arrays.asList(argumentValues);
            return switch (instance) {
                case Map.Entry<?, ?> item -> new ResolvedAttribute(switch (name) {
                    case "key" -> item.getKey();
                    case "value" -> item.getValue();
                    default -> GoValues.MISSING;
                });
                case Map<?, ?> m -> new ResolvedAttribute(GoValues.method(instance, name, arguments));
                case GoTime t -> new ResolvedAttribute(GoValues.method(instance, name, arguments));
                case MessageView m -> new ResolvedAttribute(GoValues.method(instance, name, arguments));
                case null -> new ResolvedAttribute(GoValues.MISSING);
                default -> instance == GoValues.MISSING ? new ResolvedAttribute(GoValues.MISSING) : null;
            };
        }
    };

    private static Map.Entry<String, Function> entry(String name, Body body) {
        return Map.entry(name, new GoFunction(body));
    }

    /** Argument {@code i}; a Pebble call with too few arguments sees missing values, not an error. */
    private static Object arg(List<Object> arguments, int i) {
        return i < arguments.size() ? arguments.get(i) : GoValues.MISSING;
    }

    private static List<Object> rest(List<Object> arguments) {
        return arguments.isEmpty() ? arguments : arguments.subList(1, arguments.size());
    }

    private static boolean ordered(List<Object> arguments, int sign, boolean orEqual) {
        Integer order = GoValues.compare(arg(arguments, 0), arg(arguments, 1));
        return order != null && (Integer.signum(order) == sign || (orEqual && order == 0));
    }

    @Override
    public Map<String, Function> getFunctions() {
        return FUNCTIONS;
    }

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("toJSON", TO_JSON);
    }

    @Override
    public List<AttributeResolver> getAttributeResolver() {
        return List.of(GO_FIELDS);
    }
}
