package io.logspout.template;

import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.ExtensionRegistry;
import io.pebbletemplates.pebble.node.Node;
import io.pebbletemplates.pebble.node.TestInvocationExpression;
import io.pebbletemplates.pebble.node.expression.ArrayExpression;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.BlockFunctionExpression;
import io.pebbletemplates.pebble.node.expression.ContextVariableExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.node.expression.FilterInvocationExpression;
import io.pebbletemplates.pebble.node.expression.FunctionOrMacroInvocationExpression;
import io.pebbletemplates.pebble.node.expression.GetAttributeExpression;
import io.pebbletemplates.pebble.node.expression.MapExpression;
import io.pebbletemplates.pebble.node.expression.ParentFunctionExpression;
import io.pebbletemplates.pebble.node.expression.TernaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryExpression;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.util.Map;
import java.util.Set;

/**
 * Finds the names in a Pebble expression that nothing defines: variables, functions, filters
 * and tests. Pebble itself only notices them when rendering; logspout wants a bad template to
 * fail when the route is created, not on every line.
 */
final class PebbleNameCheck extends AbstractNodeVisitor {
    private final Set<String> variables;
    private final ExtensionRegistry registry;
    private String problem;

    private PebbleNameCheck(PebbleTemplateImpl template, Set<String> variables, ExtensionRegistry registry) {
        super(template);
        this.variables = variables;
        this.registry = registry;
    }

    /** The first unknown name in {@code template}, described, or null when all are known. */
    static String firstProblem(PebbleTemplateImpl template, Set<String> variables, ExtensionRegistry registry) {
        PebbleNameCheck check = new PebbleNameCheck(template, variables, registry);
        template.getRootNode().accept(check);
        return check.problem;
    }

    @Override
    public void visit(Node node) {
        switch (node) {
            case ContextVariableExpression variable -> {
                if (!variables.contains(variable.getName())) {
                    report("unknown variable \"" + variable.getName() + "\"; variables: " + String.join(", ", variables));
                }
            }
            case FunctionOrMacroInvocationExpression function -> {
                if (registry.getFunction(function.getFunctionName()) == null) {
                    report("unknown function \"" + function.getFunctionName() + "\"");
                }
                accept(function.getArguments());
            }
            case FilterInvocationExpression filter -> {
                if (registry.getFilter(filter.getFilterName()) == null) {
                    report("unknown filter \"" + filter.getFilterName() + "\"");
                }
                accept(filter.getArgs());
            }
            case TestInvocationExpression test -> {
                if (registry.getTest(test.getTestName()) == null) {
                    report("unknown test \"" + test.getTestName() + "\"");
                }
                accept(test.getArgs());
            }
            case BlockFunctionExpression block -> report("block() is not available in a log template");
            case ParentFunctionExpression parent -> report("parent() is not available in a log template");
            case BinaryExpression<?> binary -> {
                accept(binary.getLeftExpression());
                accept(binary.getRightExpression());
            }
            case UnaryExpression unary -> accept(unary.getChildExpression());
            case TernaryExpression ternary -> {
                accept(ternary.getExpression1());
                accept(ternary.getExpression2());
                accept(ternary.getExpression3());
            }
            case GetAttributeExpression attribute -> {
                accept(attribute.getNode());
                accept(attribute.getAttributeNameExpression());
                accept(attribute.getArgumentsNode());
            }
            case ArrayExpression array -> array.getValues().forEach(this::accept);
            case MapExpression map -> {
                for (Map.Entry<Expression<?>, Expression<?>> entry : map.getEntries().entrySet()) {
                    accept(entry.getKey());
                    accept(entry.getValue());
                }
            }
            default -> {
                // Literals hold no names.
            }
        }
    }

    private void accept(Node node) {
        if (node != null) {
            node.accept(this);
        }
    }

    private void report(String description) {
        if (problem == null) {
            problem = description;
        }
    }
}
