package io.logspout.adapter.syslog;

import io.logspout.adapter.syslog.SyslogAdapter.Field;
import io.logspout.adapter.syslog.SyslogAdapter.Fields;
import io.logspout.adapter.syslog.SyslogFunctions.Priority;
import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.MessageTemplate;
import io.logspout.api.Route;
import io.logspout.api.TemplateFunction;
import io.logspout.api.Templates;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code syslog}: each message as an RFC 5424 or RFC 3164 line whose fields are templates
 * ({@code SYSLOG_PRIORITY}, {@code SYSLOG_TIMESTAMP}, {@code SYSLOG_HOSTNAME}, {@code SYSLOG_TAG},
 * {@code SYSLOG_PID}, {@code SYSLOG_STRUCTURED_DATA}, {@code SYSLOG_DATA}), with Go logspout's
 * defaults and precedence, and LF or octet-counted framing on TCP and TLS
 * ({@code SYSLOG_TCP_FRAMING}). Default transport UDP. Retries and reconnects are the core's.
 */
public final class SyslogAdapterFactory implements AdapterFactory {
    static final String FORMAT = "SYSLOG_FORMAT";
    static final String TCP_FRAMING = "SYSLOG_TCP_FRAMING";
    static final String PRIORITY = "SYSLOG_PRIORITY";
    static final String TIMESTAMP = "SYSLOG_TIMESTAMP";
    static final String HOSTNAME = "SYSLOG_HOSTNAME";
    static final String TAG = "SYSLOG_TAG";
    static final String PID = "SYSLOG_PID";
    static final String STRUCTURED_DATA = "SYSLOG_STRUCTURED_DATA";
    static final String DATA = "SYSLOG_DATA";
    /** Where the host's name is read from (a file mounted from the Docker host); its contents win over SYSLOG_HOSTNAME. */
    static final String HOST_HOSTNAME_FILE = "SYSLOG_HOST_HOSTNAME_FILE";
    static final String DEFAULT_HOST_HOSTNAME_FILE = "/etc/host_hostname";
    static final String APPEND_TAG_OPTION = "append_tag";
    static final String STRUCTURED_DATA_OPTION = "structured_data";

    static final String DEFAULT_PRIORITY = "{{.Priority}}";
    static final String DEFAULT_TIMESTAMP = "{{.Timestamp}}";
    static final String MICRO_TIMESTAMP = "{{.TimestampMicro}}";
    static final String DEFAULT_HOSTNAME = "{{.Container.Config.Hostname}}";
    static final String DEFAULT_TAG = "{{.ContainerName}}";
    static final String DEFAULT_PID = "{{.Container.State.Pid}}";
    static final String DEFAULT_DATA = "{{.Data}}";
    static final String NO_STRUCTURED_DATA = "-";

    private static final System.Logger LOG = System.getLogger(SyslogAdapterFactory.class.getName());
    private static final Path MACHINE_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    private static final byte[] NO_STRUCTURED_DATA_BYTES = {'-'};
    /** What every template is tried on at route creation, so a bad call fails there and not on the first line. */
    private static final LogMessage SAMPLE = new LogMessage(new ContainerInfo("0".repeat(64), "/syslog-sample", "sample", "sha256:0",
            "sample", Map.of(), List.of(), 1, false, Map.of()), LogMessage.STDOUT, "sample", 0);

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public Adapter create(AdapterContext context) {
        return create(context, true);
    }

    /**
     * @param fastFields whether fields whose template is a default render without the template
     *     engine (same bytes; tests turn it off to compare)
     */
    static SyslogAdapter create(AdapterContext context, boolean fastFields) {
        Config config = context.config();
        Route route = context.route();
        boolean rfc5424 = rfc5424(config);
        // Go reads the framing for TCP and TLS connections only, so a bad value is harmless on UDP.
        boolean octetCounted = !context.datagramTransport() && octetCounted(config);
        Path hostHostnameFile = Path.of(config.get(HOST_HOSTNAME_FILE, DEFAULT_HOST_HOSTNAME_FILE));
        String hostHostname = hostHostname(hostHostnameFile);
        SyslogTime time = new SyslogTime(ZoneId.systemDefault());
        FieldCompiler compiler = new FieldCompiler(context.templates(),
                SyslogFunctions.of(hostHostname != null ? hostHostname : machineHostname(), time), fastFields);

        String hostnameSetting = hostHostname != null ? "the host name file " + hostHostnameFile : HOSTNAME;
        String hostname = hostHostname != null ? hostHostname : config.get(HOSTNAME, DEFAULT_HOSTNAME);
        String appendTag = route.option(APPEND_TAG_OPTION, "");
        boolean tagSet = config.get(TAG).isPresent();
        String tagSetting = tagSet || appendTag.isEmpty() ? TAG : "the route option " + APPEND_TAG_OPTION + " (after " + DEFAULT_TAG + ")";
        String tag = tagSet ? config.get(TAG).orElseThrow() : DEFAULT_TAG + appendTag;
        String structuredDataOption = route.option(STRUCTURED_DATA_OPTION, "");
        String structuredDataSetting = structuredDataOption.isEmpty() ? STRUCTURED_DATA : "the route option " + STRUCTURED_DATA_OPTION;
        String structuredDataText = structuredDataOption.isEmpty() ? config.get(STRUCTURED_DATA, "") : structuredDataOption;
        String structuredData = structuredDataText.isEmpty() ? NO_STRUCTURED_DATA : "[" + structuredDataText + "]";

        String priority = config.get(PRIORITY, DEFAULT_PRIORITY);
        String timestamp = config.get(TIMESTAMP, DEFAULT_TIMESTAMP);
        String pid = config.get(PID, DEFAULT_PID);
        String data = config.get(DATA, DEFAULT_DATA);
        Fields fields = new Fields(
                compiler.field(PRIORITY, priority, Map.of(DEFAULT_PRIORITY, template -> (message, line) -> line.write(Priority.of(message.source()).digits))),
                compiler.field(TIMESTAMP, timestamp, Map.of(
                        DEFAULT_TIMESTAMP, template -> (message, line) -> time.writeSeconds(message.timeNanos(), line),
                        MICRO_TIMESTAMP, template -> (message, line) -> time.writeMicros(message.timeNanos(), line))),
                compiler.field(hostnameSetting, hostname, Map.of(DEFAULT_HOSTNAME, SyslogAdapterFactory::containerHostname)),
                compiler.field(tagSetting, tag, Map.of(DEFAULT_TAG, template -> SyslogAdapterFactory::containerName)),
                compiler.field(PID, pid, Map.of(DEFAULT_PID, SyslogAdapterFactory::containerPid)),
                compiler.field(structuredDataSetting, structuredData, Map.of(NO_STRUCTURED_DATA, template -> (message, line) -> line.write(NO_STRUCTURED_DATA_BYTES))),
                compiler.field(DATA, data, Map.of(DEFAULT_DATA, template -> (message, line) -> line.writeUtf8(message.data()))));
        LOG.log(Level.DEBUG, () -> "route " + route.id() + ": syslog " + (rfc5424 ? "rfc5424" : "rfc3164")
                + (context.datagramTransport() ? "" : octetCounted ? ", octet-counted" : ", traditional framing")
                + "; priority " + priority + ", timestamp " + timestamp + ", hostname " + hostname + ", tag " + tag + ", pid " + pid
                + ", structured data " + structuredData + ", data " + data);
        return new SyslogAdapter(rfc5424, octetCounted, fields);
    }

    /** {@code {{.Container.Config.Hostname}}} without the engine; the template for a container without one (its inspect data may have it). */
    private static Field containerHostname(MessageTemplate template) {
        return (message, line) -> {
            String name = message.container().hostname();
            if (name.isEmpty()) {
                template.renderTo(message, line);
            } else {
                line.writeUtf8(name);
            }
        };
    }

    /** {@code {{.ContainerName}}} without the engine or a substring. */
    private static void containerName(LogMessage message, LineBuffer line) {
        String name = message.container().name();
        line.writeUtf8(name, name.startsWith("/") ? 1 : 0, name.length());
    }

    /** {@code {{.Container.State.Pid}}} without the engine; the template for pid 0 (its inspect data may have one). */
    private static Field containerPid(MessageTemplate template) {
        return (message, line) -> {
            int pid = message.container().pid();
            if (pid == 0) {
                template.renderTo(message, line);
            } else {
                line.writeDecimal(pid);
            }
        };
    }

    private static boolean rfc5424(Config config) {
        String format = config.get(FORMAT, "rfc5424");
        return switch (format) {
            case "rfc5424" -> true;
            case "rfc3164" -> false;
            default -> throw new ConfigException(FORMAT + "=" + format + " is not a syslog format; accepted: rfc5424 (the default) or rfc3164");
        };
    }

    private static boolean octetCounted(Config config) {
        String framing = config.get(TCP_FRAMING, "traditional");
        return switch (framing) {
            case "traditional" -> false;
            case "octet-counted" -> true;
            default -> throw new ConfigException(TCP_FRAMING + "=" + framing + " is not a TCP framing; accepted: traditional (the default:"
                    + " each message ends with a line feed) or octet-counted (RFC 6587: each message is preceded by its length in bytes and a space)");
        };
    }

    /**
     * The contents of the host name file with trailing CR and LF removed, or null when it is
     * missing, unreadable or empty, as Go logspout reads {@code /etc/host_hostname}.
     */
    static String hostHostname(Path file) {
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "syslog: cannot read the host name file " + file + " (" + e + "); using " + HOSTNAME + " instead");
            return null;
        }
        String text = new String(contents, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == 0 ? null : text.substring(0, end);
    }

    /** This machine's (or container's) host name, as Go's os.Hostname reads it on Linux. */
    static String machineHostname() {
        try {
            String name = Files.readString(MACHINE_HOSTNAME).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // Not Linux: ask the JDK below.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** Compiles the field templates of one route, checks them on a sample message, and picks fast paths. */
    private record FieldCompiler(Templates templates, Map<String, TemplateFunction> functions, boolean fastFields) {

        /**
         * @param fastPaths for template sources that have one, the writer that gives the same
         *     bytes without the engine, made from the compiled template (for its rare fallbacks)
         */
        Field field(String setting, String source, Map<String, Function<MessageTemplate, Field>> fastPaths) {
            MessageTemplate template = templates.compile(setting, source, functions);
            try {
                template.render(SAMPLE);
            } catch (RuntimeException e) {
                throw new ConfigException(setting + " cannot be rendered: " + e.getMessage() + " (template \"" + source + "\"). Accepted:"
                        + " templates over the message (.Data, .Source, .Time, .Container) with the syslog names .Priority, .Timestamp,"
                        + " .TimestampMicro, .Hostname, .ContainerName (no arguments) and .ContainerNameSplitN SEPARATOR COUNT", e);
            }
            Function<MessageTemplate, Field> fast = fastFields ? fastPaths.get(source) : null;
            return fast != null ? fast.apply(template) : template::renderTo;
        }
    }
}
