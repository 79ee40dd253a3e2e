package io.logspout.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.logspout.api.Config;

/**
 * logspout's own log, set up in code rather than in logback XML: reading XML (Joran and the JDK's
 * parser) loaded some 590 classes, 3.4 MB of class metadata and 0.4 s of the start. Found by
 * logback through META-INF/services; it steps aside, leaving logback's own lookup, when the user
 * names a configuration ({@code -Dlogback.configurationFile}) or the class path has a
 * {@code logback-test.xml} or {@code logback.xml} (tests, and applications that embed the core).
 *
 * <p>{@code LOG_FORMAT=text} (the default), as Go logspout's log package: stderr,
 * {@code YYYY/MM/DD HH:MM:SS message}. {@code LOG_FORMAT=json}: one JSON object per line with
 * timestamp, level, threadName, loggerName, mdc, formattedMessage and throwable. logspout's
 * loggers log at {@code LOGSPOUT_LOG_LEVEL} (a system property, which {@code DEBUG} sets, or the
 * environment; INFO by default), the libraries at WARN.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    static final String CONFIGURATION_FILE = "logback.configurationFile";
    static final String LOG_FORMAT = "LOG_FORMAT";
    static final String LOG_LEVEL = "LOGSPOUT_LOG_LEVEL";
    static final String TEXT_PATTERN = "%d{yyyy/MM/dd HH:mm:ss} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE) != null || hasResource("logback-test.xml") || hasResource("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Config environment = Config.environment();
        String level = System.getProperty(LOG_LEVEL, environment.get(LOG_LEVEL, "INFO"));
        apply(context, environment.get(LOG_FORMAT, "text").equals("json"), level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean hasResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (loader != null ? loader : LogConfiguration.class.getClassLoader()).getResource(name) != null;
    }

    /** Sets {@code context} up: stderr in the text or JSON format, logspout's loggers at {@code level}. */
    static void apply(LoggerContext context, boolean json, String level) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        stderr.start();
        // As logback's XML reads a level: an unknown name means DEBUG.
        Level logspoutLevel = Level.toLevel(level, Level.DEBUG);
        context.getLogger("io.logspout").setLevel(logspoutLevel);
        context.getLogger("logspout").setLevel(logspoutLevel);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMarkers(false);
        encoder.setWithKVPList(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
