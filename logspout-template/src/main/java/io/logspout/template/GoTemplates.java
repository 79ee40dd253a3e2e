package io.logspout.template;

import io.logspout.api.ConfigException;
import io.logspout.api.MessageTemplate;
import io.logspout.api.TemplateFunction;
import io.logspout.api.Templates;
import io.logspout.template.Ast.Node;
import io.logspout.template.Ast.PebbleAction;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * logspout's template language: Go's text/template as Go logspout users wrote it in
 * {@code RAW_FORMAT} and {@code SYSLOG_*}, rendering the same bytes, with Pebble underneath
 * and Pebble expressions accepted between {@code {{ }}} too. See the package documentation for
 * the language and the data model.
 *
 * <p>A template is parsed and checked once ({@link #compile}); then the common shapes (literal
 * text and field paths, optionally through {@code toJSON}) render through a precompiled segment
 * list without the engine, and everything else through a compiled Pebble template. Thread-safe.
 */
public final class GoTemplates implements Templates {
    private static final Logger log = LoggerFactory.getLogger(GoTemplates.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

    private final GoZone zone;
    private final boolean segmentsAllowed;

    /**
     * The engine, built at the first template that needs it: the common templates render
     * without it, and Pebble's classes take some 160 classes' room (about 1 MB) that a logspout
     * with no such template should not pay for. It keeps no state, so every instance shares it.
     */
    private static final class Engine {
        static final PebbleEngine PEBBLE = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .autoEscaping(false)
                .newLineTrimming(false)
                // Not strict: a JSON null in Docker's inspect data must print like Go (<nil>), not
                // throw. Unknown names are rejected at compile time by PebbleNameCheck instead.
                .strictVariables(false)
                .cacheActive(false)
                .defaultLocale(Locale.ROOT)
                .extension(new GoExtension())
                .build();
    }

    /** Templates that show {@code .Time} in the process's time zone, as Go logspout does. */
    public GoTemplates() {
        this(ZoneId.systemDefault(), true);
    }

    /**
     * For tests: another zone for {@code .Time}, and {@code segmentsAllowed = false} to render
     * every template with Pebble.
     */
    GoTemplates(ZoneId zone, boolean segmentsAllowed) {
        this.zone = new GoZone(zone);
        this.segmentsAllowed = segmentsAllowed;
    }

    /**
     * Compiles {@code source}.
     *
     * @throws ConfigException naming {@code setting}, showing the template and what is wrong
     * @throws IllegalArgumentException when a function name is not an identifier or starts with
     *     {@code __} (reserved for the translation)
     */
    @Override
    public MessageTemplate compile(String setting, String source, Map<String, TemplateFunction> functions) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(source, "source");
        Map<String, TemplateFunction> adapterFunctions = Map.copyOf(functions);
        for (String name : adapterFunctions.keySet()) {
            if (!IDENTIFIER.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("template function names must be identifiers not starting with __: \"" + name + "\"");
            }
        }
        try {
            List<Node> nodes = new GoTemplateParser(source).parse();
            PebbleTranslator.Result translation = new PebbleTranslator(adapterFunctions).translate(nodes);
            for (PebbleAction action : translation.pebbleActions()) {
                checkPebbleExpression(action, adapterFunctions);
            }
            FastTemplate segments = segmentsAllowed ? FastTemplate.tryCompile(nodes, adapterFunctions, zone) : null;
            if (segments != null) {
                log.debug("{}: template {} renders without the template engine", setting, quote(source));
                return segments;
            }
            log.debug("{}: template {} renders with Pebble as {}", setting, quote(source), quote(translation.source()));
            return new PebbleMessageTemplate(Engine.PEBBLE.getTemplate(translation.source()), adapterFunctions, translation.constants(), zone);
        } catch (TemplateError e) {
            throw invalid(setting, source, adapterFunctions, e.position, e.getMessage());
        } catch (PebbleException e) {
            throw invalid(setting, source, adapterFunctions, 0, e.getPebbleMessage());
        }
    }

    /** An action Go could not read must be a Pebble expression that names only known things. */
    private void checkPebbleExpression(PebbleAction action, Map<String, TemplateFunction> functions) {
        String problem;
        try {
            PebbleTemplateImpl check = (PebbleTemplateImpl) Engine.PEBBLE.getTemplate("{{ " + action.expression() + " }}");
            Set<String> variables = new LinkedHashSet<>(MessageView.NAMES);
            variables.addAll(new TreeSet<>(functions.keySet()));
            problem = PebbleNameCheck.firstProblem(check, variables, Engine.PEBBLE.getExtensionRegistry());
        } catch (PebbleException e) {
            problem = e.getPebbleMessage();
        } catch (RuntimeException e) {
            // Pebble's parser lets some errors out unwrapped, such as a number too large for a long.
            problem = e.toString();
        }
        if (problem != null) {
            TemplateError go = action.goError();
            throw new TemplateError(go.position, go.getMessage() + " (read as a Pebble expression: " + problem + ")");
        }
    }

    private static ConfigException invalid(String setting, String source, Map<String, TemplateFunction> functions, int position, String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < position && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String fields = String.join(", ", MessageView.NAMES)
                + (functions.isEmpty() ? "" : ", " + String.join(", ", new TreeSet<>(functions.keySet())));
        return new ConfigException(setting + " is not a valid template: " + problem + " at line " + line + ", column " + column
                + " of " + quote(source) + ". Accepted: Go template actions such as {{.Data}}, {{.Container.Name}},"
                + " {{ toJSON .Data }}, {{ .Time.Format \"2006-01-02T15:04:05Z07:00\" }} and {{if}}, {{range}}, {{with}}"
                + " ... {{else}} ... {{end}}, over the fields " + fields + " with the functions "
                + String.join(", ", PebbleTranslator.SUPPORTED_FUNCTIONS) + "; or a Pebble expression between {{ and }}");
    }

    /** The template in double quotes, with control characters visible. */
    private static String quote(String source) {
        StringBuilder out = new StringBuilder(source.length() + 2).append('"');
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
