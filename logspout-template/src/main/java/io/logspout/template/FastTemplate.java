package io.logspout.template;

import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import io.logspout.api.Output;
import io.logspout.api.TemplateFunction;
import io.logspout.template.Ast.Command;
import io.logspout.template.Ast.Constant;
import io.logspout.template.Ast.Field;
import io.logspout.template.Ast.Function;
import io.logspout.template.Ast.Node;
import io.logspout.template.Ast.Operand;
import io.logspout.template.Ast.Pipe;
import io.logspout.template.Ast.Variable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The common templates without the template engine: literal text and field paths, optionally
 * through {@code toJSON} ({@code {{.Data}}\n}, {@code {{ toJSON .Data }}\n}, the syslog fields,
 * {@code {{ .Time.Format "..." }}}), as a precompiled list of segments that write straight
 * into the {@link Output}. Values are computed with the same {@link GoValues}, {@link GoFormat}
 * and {@link GoJson} that the Pebble path calls, so both give the same bytes.
 */
final class FastTemplate implements MessageTemplate {
    /** Reads a value from the message. */
    @FunctionalInterface
    private interface Accessor {
        Object get(LogMessage message);
    }

    private sealed interface Segment {
        void append(LogMessage message, StringBuilder out);

        /** Writes into {@code out}; {@code scratch} is an empty builder to format in. */
        default void write(LogMessage message, Output out, StringBuilder scratch) {
            scratch.setLength(0);
            append(message, scratch);
            out.writeUtf8(scratch);
        }
    }

    private record Text(String text, byte[] utf8) implements Segment {
        @Override
        public void append(LogMessage message, StringBuilder out) {
            out.append(text);
        }

        @Override
        public void write(LogMessage message, Output out, StringBuilder scratch) {
            out.write(utf8);
        }
    }

    /** {@code .Data} or {@code .Source}, written without a copy. */
    private record StringField(boolean source) implements Segment {
        @Override
        public void append(LogMessage message, StringBuilder out) {
            out.append(source ? message.source() : message.data());
        }

        @Override
        public void write(LogMessage message, Output out, StringBuilder scratch) {
            out.writeUtf8(source ? message.source() : message.data());
        }
    }

    /** {@code .Time.Format "layout"} with the layout parsed once. */
    private record TimeFormat(GoLayout layout, GoZone zone) implements Segment {
        @Override
        public void append(LogMessage message, StringBuilder out) {
            long nanos = message.timeNanos();
            layout.format(Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L), zone, out);
        }
    }

    private record Value(Accessor accessor, boolean json) implements Segment {
        @Override
        public void append(LogMessage message, StringBuilder out) {
            Object value = accessor.get(message);
            if (json) {
                GoJson.append(value, out);
            } else {
                GoFormat.print(value, out);
            }
        }
    }

    private final Segment[] segments;

    private FastTemplate(Segment[] segments) {
        this.segments = segments;
    }

    /**
     * The segment list for {@code nodes}, or null when the template needs the engine. The
     * template has been checked by {@link PebbleTranslator} already.
     */
    static FastTemplate tryCompile(List<Node> nodes, Map<String, TemplateFunction> functions, GoZone zone) {
        List<Segment> segments = new ArrayList<>();
        for (Node node : nodes) {
            Segment segment = switch (node) {
                case Ast.Text text -> new Text(text.text(), text.text().getBytes(StandardCharsets.UTF_8));
                case Ast.Action action when action.pipe().declarations().isEmpty() -> value(action.pipe(), functions, zone);
                default -> null;
            };
            if (segment == null) {
                return null;
            }
            segments.add(segment);
        }
        return new FastTemplate(segments.toArray(Segment[]::new));
    }

    /** {@code path args...}, {@code toJSON path} or {@code path args... | toJSON}; else null. */
    private static Segment value(Pipe pipe, Map<String, TemplateFunction> functions, GoZone zone) {
        List<Command> commands = pipe.commands();
        List<Operand> operands = commands.getFirst().operands();
        boolean json = false;
        if (commands.size() == 2 && isToJson(commands.get(1).operands())) {
            json = true;
        } else if (commands.size() != 1) {
            return null;
        }
        if (operands.getFirst() instanceof Function function && function.name().equals("toJSON") && operands.size() == 2 && !json) {
            json = true;
            operands = operands.subList(1, 2);
        }
        List<String> path = path(operands.getFirst());
        List<Object> arguments = new ArrayList<>();
        for (Operand operand : operands.subList(1, operands.size())) {
            if (!(operand instanceof Constant constant)) {
                return null;
            }
            arguments.add(constant.value());
        }
        if (path == null) {
            return null;
        }
        String root = path.getFirst();
        if (!functions.containsKey(root)) {
            if (!json && path.size() == 1 && (root.equals("Data") || root.equals("Source"))) {
                return new StringField(root.equals("Source"));
            }
            if (!json && path.equals(List.of("Time", "Format")) && arguments.size() == 1 && arguments.getFirst() instanceof String layout) {
                return new TimeFormat(GoLayout.of(layout), zone);
            }
        }
        return new Value(accessor(path, List.copyOf(arguments), functions, zone), json);
    }

    private static boolean isToJson(List<Operand> operands) {
        return operands.size() == 1 && operands.getFirst() instanceof Function function && function.name().equals("toJSON");
    }

    /** The names of {@code .A.B} or {@code $.A.B}; null for anything else. */
    private static List<String> path(Operand operand) {
        return switch (operand) {
            case Field field -> field.names();
            case Variable variable when variable.name().equals("$") && !variable.fields().isEmpty() -> variable.fields();
            default -> null;
        };
    }

    /** Reads {@code path} from the message; the arguments go to its last name. */
    private static Accessor accessor(List<String> path, List<Object> arguments, Map<String, TemplateFunction> functions, GoZone zone) {
        String root = path.getFirst();
        TemplateFunction function = functions.get(root);
        Accessor accessor;
        if (function != null) {
            List<Object> rootArguments = path.size() == 1 ? arguments : List.of();
            accessor = message -> function.apply(message, rootArguments);
        } else {
            accessor = switch (root) {
                case "Data" -> LogMessage::data;
                case "Source" -> LogMessage::source;
                case "Time" -> message -> GoTime.ofNanos(message.timeNanos(), zone);
                case "Key" -> LogMessage::key;
                default -> message -> ContainerView.of(message.container());
            };
        }
        for (int i = 1; i < path.size(); i++) {
            Accessor receiver = accessor;
            String name = path.get(i);
            List<Object> stepArguments = i == path.size() - 1 ? arguments : List.of();
            accessor = message -> GoValues.method(receiver.get(message), name, stepArguments);
        }
        return accessor;
    }

    @Override
    public String render(LogMessage message) {
        StringBuilder out = new StringBuilder(128);
        for (Segment segment : segments) {
            segment.append(message, out);
        }
        return out.toString();
    }

    @Override
    public void renderTo(LogMessage message, Output out) {
        RenderScratch scratch = RenderScratch.acquire();
        try {
            for (Segment segment : segments) {
                segment.write(message, out, scratch.text);
            }
        } finally {
            scratch.release();
        }
    }
}
