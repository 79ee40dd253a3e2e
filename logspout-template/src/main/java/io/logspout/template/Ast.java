package io.logspout.template;

import java.util.List;

/** The parsed template: Go's text/template parse tree, reduced to what logspout supports. */
final class Ast {
    private Ast() {
    }

    /** A part of the template body. */
    sealed interface Node permits Text, Action, PebbleAction, If, Range, With {
    }

    /** Literal text, already trimmed and with its escapes interpreted. */
    record Text(String text) implements Node {
    }

    /** {@code {{ pipeline }}}: prints the value, or only declares when the pipeline has a declaration. */
    record Action(Pipe pipe) implements Node {
    }

    /** {@code {{ expression }}} that is not Go but Pebble, with why Go could not read it. */
    record PebbleAction(String expression, int position, TemplateError goError) implements Node {
    }

    /** {@code {{if}}}; an {@code {{else if}}} is a nested If as the only node of {@code otherwise}. */
    record If(Pipe pipe, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    record With(Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    /** {@code $a, $b := cmd | cmd}. */
    record Pipe(List<String> declarations, List<Command> commands, int position) {
    }

    /** An operand and its arguments: {@code index .X 1}, {@code .Time.Format "2006"}. */
    record Command(List<Operand> operands, int position) {
    }

    sealed interface Operand permits Field, Dot, Variable, Function, Chain, Nested, Constant, Nil {
        int position();
    }

    /** {@code .A.B} on dot. */
    record Field(List<String> names, int position) implements Operand {
    }

    record Dot(int position) implements Operand {
    }

    /** {@code $x.A.B}; {@code $} is the message. */
    record Variable(String name, List<String> fields, int position) implements Operand {
    }

    /** A function name: {@code toJSON}, {@code index}. */
    record Function(String name, int position) implements Operand {
    }

    /** {@code (pipeline).A.B} or {@code function.A}. */
    record Chain(Operand operand, List<String> fields, int position) implements Operand {
    }

    /** {@code (pipeline)}. */
    record Nested(Pipe pipe, int position) implements Operand {
    }

    /** A string ({@link String}), integer ({@link Long}), float ({@link Double}) or boolean. */
    record Constant(Object value, int position) implements Operand {
    }

    record Nil(int position) implements Operand {
    }
}
