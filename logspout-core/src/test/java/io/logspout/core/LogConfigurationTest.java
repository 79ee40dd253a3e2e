package io.logspout.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {

    private static String encode(LoggerContext context, Map<String, String> mdc) {
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        ch.qos.logback.classic.Logger logger = context.getLogger("io.logspout.core.router.RouteChannel");
        LoggingEvent event = new LoggingEvent(ch.qos.logback.classic.Logger.class.getName(), logger, Level.WARN, "route {}: sending failed", null,
                new Object[] {"3631c027fb1b"});
        event.setThreadName("route-3631c027fb1b");
        event.setTimeStamp(1796378676403L);
        event.setMDCPropertyMap(mdc);
        return new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void textIsGoLogspoutsDateTimeAndMessage() {
        LoggerContext context = new LoggerContext();
        LogConfiguration.apply(context, false, "INFO");

        String line = encode(context, Map.of("route", "3631c027fb1b"));

        assertThat(line).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} route 3631c027fb1b: sending failed" + System.lineSeparator());
    }

    @Test
    void jsonHasTheFieldsOfTheFormerLogbackJsonXml() throws Exception {
        LoggerContext context = new LoggerContext();
        LogConfiguration.apply(context, true, "INFO");

        String line = encode(context, Map.of("container_id", "0123456789ab", "container_name", "web"));

        assertThat(line).endsWith("\n").doesNotContain("sequenceNumber", "nanoseconds", "context", "markers", "kvpList", "\"message\"", "arguments");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.properties()).extracting(Map.Entry::getKey)
                .containsExactly("timestamp", "level", "threadName", "loggerName", "mdc", "formattedMessage", "throwable");
        assertThat(json.path("timestamp").asLong()).isEqualTo(1796378676403L);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("threadName").asText()).isEqualTo("route-3631c027fb1b");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.logspout.core.router.RouteChannel");
        assertThat(json.path("mdc").path("container_id").asText()).isEqualTo("0123456789ab");
        assertThat(json.path("mdc").path("container_name").asText()).isEqualTo("web");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("route 3631c027fb1b: sending failed");
        assertThat(json.path("throwable").isNull()).isTrue();
    }

    @Test
    void logspoutsLoggersTakeTheLevelAndTheLibrariesWarn() {
        LoggerContext context = new LoggerContext();
        LogConfiguration.apply(context, false, "DEBUG");

        assertThat(context.getLogger("io.logspout.core.Main").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("logspout").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("com.github.dockerjava.core.DockerClientImpl").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anUnknownLevelNameMeansDebugAsInLogbackXml() {
        LoggerContext context = new LoggerContext();
        LogConfiguration.apply(context, false, "LOUD");

        assertThat(context.getLogger("io.logspout").getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void stepsAsideForALogbackTestXmlOnTheClassPath() {
        // test-support's logback-test.xml is on every module's test class path.
        LoggerContext context = new LoggerContext();

        assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }
}
