package io.logspout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real rsyslogd on loopback, the syslog receiver of the integration tests: it runs in the
 * foreground ({@code rsyslogd -n -f CONF -i PIDFILE}) with a configuration and work directory of
 * its own, listens on UDP, TCP and optionally TLS (the gtls driver, mutual TLS optional), and
 * writes every message it receives, as it parsed it, to a file that {@link #records()} reads
 * back as {@link SyslogRecord}s.
 *
 * <p>Its TCP listeners take both LF-framed and octet-counted (RFC 6587) messages, telling them
 * apart per message as rsyslog always does. One worker handles the queue, so records keep the
 * order in which they arrived.
 *
 * <pre>{@code
 * try (RsyslogServer rsyslog = RsyslogServer.start(RsyslogServer.Options.defaults())) {
 *     send("127.0.0.1:" + rsyslog.tcpPort());
 *     SyslogRecord record = rsyslog.awaitRecords(1, Duration.ofSeconds(30)).getFirst();
 *     assertThat(record.appName()).isEqualTo("web");
 * }
 * }</pre>
 */
public final class RsyslogServer implements AutoCloseable {
    private static final List<Path> EXECUTABLES = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd"), Path.of("/usr/bin/rsyslogd"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** How many records and log lines a failure message shows. */
    private static final int SHOWN_ON_FAILURE = 20;
    /** Field names in the output file, in the order of SyslogRecord's components. */
    private static final List<String> FIELDS = List.of("pri", "hostname", "app", "procid", "msgid", "sd", "msg", "timestamp", "input", "raw");

    /** What the server listens on. Immutable: each method returns new options. */
    public static final class Options {
        private final boolean udp;
        private final boolean tcp;
        private final Tls tls;

        private record Tls(Path caCert, Path serverCert, Path serverKey, boolean requireClientCert) {
        }

        private Options(boolean udp, boolean tcp, Tls tls) {
            this.udp = udp;
            this.tcp = tcp;
            this.tls = tls;
        }

        /** A UDP and a plain TCP listener. */
        public static Options defaults() {
            return new Options(true, true, null);
        }

        /** Only the listeners chosen with {@link #udp}, {@link #tcp} and {@link #tls}. */
        public static Options none() {
            return new Options(false, false, null);
        }

        public Options udp(boolean enabled) {
            return new Options(enabled, tcp, tls);
        }

        public Options tcp(boolean enabled) {
            return new Options(udp, enabled, tls);
        }

        /**
         * Adds a TLS listener (rsyslog's gtls driver) with this server certificate and key (PEM).
         * With {@code requireClientCert} a client must present a certificate signed by
         * {@code caCert} (rsyslog's {@code x509/certvalid}); without, any client may talk
         * ({@code anon}).
         */
        public Options tls(Path caCert, Path serverCert, Path serverKey, boolean requireClientCert) {
            return new Options(udp, tcp, new Tls(Objects.requireNonNull(caCert), Objects.requireNonNull(serverCert),
                    Objects.requireNonNull(serverKey), requireClientCert));
        }
    }

    private final Options options;
    private final Path directory;
    private final Path config;
    private final Path output;
    private final Path daemonLog;
    private final int udpPort;
    private final int tcpPort;
    private final int tlsPort;
    private final List<SyslogRecord> records = new ArrayList<>();
    private long outputOffset;
    private Process process;

    private RsyslogServer(Options options, Path directory) {
        this.options = options;
        this.directory = directory;
        this.config = directory.resolve("rsyslog.conf");
        this.output = directory.resolve("received.jsonl");
        this.daemonLog = directory.resolve("rsyslogd.log");
        this.udpPort = options.udp ? freeUdpPort() : 0;
        this.tcpPort = options.tcp ? FreePort.tcp() : 0;
        this.tlsPort = options.tls != null ? FreePort.tcp() : 0;
    }

    /**
     * Starts rsyslogd and returns once all its listeners are bound.
     *
     * @throws IllegalStateException when rsyslogd is not installed (run the tests with
     *     scripts/test.sh, which installs it) or does not come up, with its own messages
     */
    public static RsyslogServer start(Options options) {
        Path executable = executable();
        if (options.tls == null && !options.udp && !options.tcp) {
            throw new IllegalArgumentException("the syslog server needs at least one listener: udp, tcp or tls");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("rsyslog-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a work directory for rsyslogd", e);
        }
        RsyslogServer server = new RsyslogServer(options, directory);
        try {
            Files.writeString(server.config, server.configuration());
            server.launch(executable);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start rsyslogd in " + directory, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The UDP port, or 0 without a UDP listener. */
    public int udpPort() {
        return udpPort;
    }

    /** The plain TCP port, or 0 without a TCP listener. */
    public int tcpPort() {
        return tcpPort;
    }

    /** The TLS port, or 0 without a TLS listener. */
    public int tlsPort() {
        return tlsPort;
    }

    /** Every message received so far (across {@link #restart()}s), in the order rsyslog wrote them. */
    public synchronized List<SyslogRecord> records() {
        readNewRecords();
        return List.copyOf(records);
    }

    /**
     * Waits until at least {@code count} messages have arrived and returns all of them.
     *
     * @throws AssertionError on timeout, showing what arrived and what rsyslogd said
     */
    public List<SyslogRecord> awaitRecords(int count, Duration timeout) {
        Await.until(timeout, () -> records().size() >= count, () -> count + " syslog records; " + describe());
        return records();
    }

    /**
     * Waits for a message that matches and returns the first that does.
     *
     * @throws AssertionError on timeout, showing what arrived and what rsyslogd said
     */
    public SyslogRecord awaitRecord(Predicate<SyslogRecord> matcher, Duration timeout) {
        Await.until(timeout, () -> records().stream().anyMatch(matcher), () -> "a matching syslog record; " + describe());
        return records().stream().filter(matcher).findFirst().orElseThrow();
    }

    /** What rsyslogd itself printed (its errors, such as refused TLS peers), across restarts. */
    public String daemonLog() {
        try {
            return Files.exists(daemonLog) ? Files.readString(daemonLog) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + daemonLog, e);
        }
    }

    /**
     * Stops rsyslogd (SIGTERM) and starts it again on the same ports, as a receiver restart; also
     * starts it after {@link #stop()}. Records received so far are kept.
     */
    public synchronized void restart() {
        stopProcess();
        launch(executable());
    }

    /**
     * Stops rsyslogd (SIGTERM), as a receiver that goes down: its listeners close and senders'
     * connections are closed. Records received so far are kept; {@link #restart()} brings it back
     * on the same ports.
     *
     * <p>rsyslogd stops reading its connections at once but closes them only after it has written
     * out what it read, which can take up to a few hundred milliseconds: bytes a sender writes in that window are
     * taken by the kernel and lost. That is TCP syslog's nature (no acknowledgements); a test
     * that must lose nothing stops the receiver while nothing is being sent.
     */
    public synchronized void stop() {
        stopProcess();
    }

    /** Stops rsyslogd and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            stopProcess();
        } finally {
            deleteDirectory();
        }
    }

    private static Path executable() {
        return EXECUTABLES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "rsyslogd is not installed (looked for " + EXECUTABLES + "); run the tests with scripts/test.sh, which installs"
                        + " rsyslog and rsyslog-gnutls, or apt-get install rsyslog rsyslog-gnutls"));
    }

    private synchronized void launch(Path executable) {
        try {
            process = new ProcessBuilder(executable.toString(), "-n", "-f", config.toString(), "-i", directory.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(daemonLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable, e);
        }
        awaitListening();
    }

    /** Waits until the kernel shows every port bound (TCP ones listening); rsyslogd takes input from then on. */
    private void awaitListening() {
        Await.until(START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited with status " + process.exitValue() + " at start; " + startupReport());
            }
            return listening();
        }, () -> "rsyslogd to listen on " + ports() + "; " + startupReport());
    }

    private String startupReport() {
        return "it said:\n" + daemonLog() + "\nits configuration " + config + ":\n" + readConfig();
    }

    private boolean listening() {
        List<String> tcpTable = procTable("tcp");
        List<String> udpTable = procTable("udp");
        return (udpPort == 0 || bound(udpTable, udpPort, null))
                && (tcpPort == 0 || bound(tcpTable, tcpPort, "0A"))
                && (tlsPort == 0 || bound(tcpTable, tlsPort, "0A"));
    }

    /** /proc/net/{tcp,udp} rows; columns: sl local_address rem_address st ... (addresses as HEXIP:HEXPORT). */
    private static List<String> procTable(String protocol) {
        try {
            return Files.readAllLines(Path.of("/proc/net/" + protocol));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/net/" + protocol + " to see rsyslogd's listeners", e);
        }
    }

    private static boolean bound(List<String> table, int port, String state) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        for (String row : table) {
            String[] columns = row.trim().split("\\s+");
            if (columns.length > 3 && columns[1].equals(local) && (state == null || columns[3].equals(state))) {
                return true;
            }
        }
        return false;
    }

    private String ports() {
        List<String> ports = new ArrayList<>();
        if (udpPort != 0) {
            ports.add("udp " + udpPort);
        }
        if (tcpPort != 0) {
            ports.add("tcp " + tcpPort);
        }
        if (tlsPort != 0) {
            ports.add("tls " + tlsPort);
        }
        return String.join(", ", ports);
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("rsyslogd did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete rsyslogd's directory " + directory, e);
        }
    }

    private String configuration() {
        StringBuilder conf = new StringBuilder();
        conf.append("global(workDirectory=").append(quote(directory)).append(" maxMessageSize=\"64k\")\n");
        // One worker keeps the arrival order; the long shutdown timeout lets a restart write all it read.
        conf.append("main_queue(queue.workerThreads=\"1\" queue.timeoutShutdown=\"10000\")\n");
        if (udpPort != 0) {
            conf.append("module(load=\"imudp\")\n");
        }
        if (tcpPort != 0 || tlsPort != 0) {
            conf.append("module(load=\"imtcp\")\n");
        }
        conf.append("template(name=\"record\" type=\"list\" option.jsonf=\"on\") {\n");
        Map<String, String> properties = Map.of("pri", "pri", "hostname", "hostname", "app", "app-name", "procid", "procid",
                "msgid", "msgid", "sd", "structured-data", "msg", "msg", "input", "inputname", "raw", "rawmsg");
        for (String field : FIELDS) {
            if (field.equals("timestamp")) {
                conf.append("  property(outname=\"timestamp\" name=\"timereported\" dateFormat=\"rfc3339\" format=\"jsonf\")\n");
            } else {
                conf.append("  property(outname=\"").append(field).append("\" name=\"").append(properties.get(field)).append("\" format=\"jsonf\")\n");
            }
        }
        conf.append("}\n");
        conf.append("ruleset(name=\"received\") {\n  action(type=\"omfile\" file=").append(quote(output)).append(" template=\"record\")\n}\n");
        if (udpPort != 0) {
            conf.append("input(type=\"imudp\" name=\"udp\" address=\"127.0.0.1\" port=\"").append(udpPort).append("\" ruleset=\"received\")\n");
        }
        if (tcpPort != 0) {
            conf.append("input(type=\"imtcp\" name=\"tcp\" address=\"127.0.0.1\" port=\"").append(tcpPort).append("\" ruleset=\"received\")\n");
        }
        if (tlsPort != 0) {
            Options.Tls tls = options.tls;
            conf.append("input(type=\"imtcp\" name=\"tls\" address=\"127.0.0.1\" port=\"").append(tlsPort).append("\" ruleset=\"received\"\n")
                    .append("  streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"")
                    .append(tls.requireClientCert() ? "x509/certvalid" : "anon").append("\"\n")
                    .append("  streamDriver.CAFile=").append(quote(tls.caCert().toAbsolutePath()))
                    .append(" streamDriver.CertFile=").append(quote(tls.serverCert().toAbsolutePath()))
                    .append(" streamDriver.KeyFile=").append(quote(tls.serverKey().toAbsolutePath())).append(")\n");
        }
        return conf.toString();
    }

    private static String quote(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private String readConfig() {
        try {
            return Files.readString(config);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Parses the complete lines that rsyslogd appended since the last call. */
    private void readNewRecords() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(output)) {
            in.skipNBytes(outputOffset);
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            return; // nothing received yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rsyslogd's output " + output, e);
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                records.add(parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        outputOffset += start; // a line still being written is read next time
    }

    /** A line of the output: a flat JSON object of strings, as rsyslog's jsonf writes it. */
    static SyslogRecord parse(String line) {
        Map<String, String> fields = new HashMap<>();
        JsonReader reader = new JsonReader(line);
        reader.expect('{');
        if (!reader.tryConsume('}')) {
            do {
                String key = reader.string();
                reader.expect(':');
                fields.put(key, reader.string());
            } while (reader.tryConsume(','));
            reader.expect('}');
        }
        if (!fields.keySet().containsAll(FIELDS)) {
            throw new IllegalStateException("rsyslogd wrote a record without all of " + FIELDS + ": " + line);
        }
        return new SyslogRecord(Integer.parseInt(fields.get("pri")), fields.get("hostname"), fields.get("app"), fields.get("procid"),
                fields.get("msgid"), fields.get("sd"), fields.get("msg"), fields.get("timestamp"), fields.get("input"), fields.get("raw"));
    }

    /** Reads JSON strings and punctuation; enough for rsyslog's flat objects. */
    private static final class JsonReader {
        private final String text;
        private int position;

        JsonReader(String text) {
            this.text = text;
        }

        void expect(char c) {
            if (!tryConsume(c)) {
                throw error("'" + c + "'");
            }
        }

        boolean tryConsume(char c) {
            skipSpace();
            if (position < text.length() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    break;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw error("four hex digits");
                        }
                        value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> value.append(escaped); // \" \\ \/
                }
            }
            throw error("the end of a string");
        }

        private void skipSpace() {
            while (position < text.length() && text.charAt(position) == ' ') {
                position++;
            }
        }

        private IllegalStateException error(String expected) {
            return new IllegalStateException("rsyslogd's output is not the expected JSON: wanted " + expected + " at " + position + " of " + text);
        }
    }

    private String describe() {
        List<SyslogRecord> all = records();
        StringBuilder text = new StringBuilder("received ").append(all.size());
        for (SyslogRecord record : all.subList(Math.max(0, all.size() - SHOWN_ON_FAILURE), all.size())) {
            text.append("\n  ").append(record);
        }
        List<String> log = daemonLog().lines().toList();
        text.append("\nrsyslogd said (last lines):");
        for (String line : log.subList(Math.max(0, log.size() - SHOWN_ON_FAILURE), log.size())) {
            text.append("\n  ").append(line);
        }
        return text.toString();
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot find a free UDP port on loopback", e);
        }
    }
}
