package io.logspout.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark's measuring side (bench/run.sh drives it). Three commands:
 *
 * <pre>
 * measure --side NAME --run N --containers K --lines L [--log FILE] [--dockerd-pid PID]
 *         [--clk-tck 100] [--timeout-s 60] [--grace-ms 1000] [--hold-s S]
 *         [--restart-after-s A --down-s D --signal TERM|KILL]
 *         (--docker-logs NAME... | --tcp CMD ARG... | --otlp CMD ARG...)
 * summary RUNS.tsv
 * count
 * </pre>
 *
 * <p>{@code measure} starts the readers itself, so that it knows their pids and the instant they
 * started: {@code docker logs -f NAME} per container with stdout piped here, or one command (the
 * logspout jar) after {@code --tcp}, with {@code {port}} in its arguments replaced by the port of
 * a TCP listener on 127.0.0.1 that this program accepts any number of connections on; after
 * {@code --otlp}, of an HTTP server on 127.0.0.1 that decodes each POSTed body with OTLP's
 * generated classes (opentelemetry-proto and protobuf-java on the class path) and checks
 * each record's body as a line, answering {@code 200}. Every line
 * is checked the same way on both sides: lines are {@code lsb cNN SSSSSSSSS x...x} (99 bytes and
 * {@code \n}), container NN, sequence number S from 1 to L. It ends when all K*L distinct lines
 * are in (then listens {@code --grace-ms} longer for late duplicates), when nothing new came for
 * {@code --timeout-s}, or when a reader exits; then it stops the readers and prints one
 * tab-separated {@code key=value} record on stdout.
 *
 * <p>For bench/delivery.sh, with {@code --tcp}: {@code --hold-s S} opens a second listener,
 * {@code {hold-port}} in the arguments, that accepts connections but reads nothing from them
 * until S seconds after the reader started (a stalled destination; 0: at once, a second
 * destination that keeps up), and checks its lines apart
 * ({@code held_*} in the record; the end waits for both listeners). {@code --restart-after-s A}
 * stops the reader A seconds after the first line arrived with SIGTERM or SIGKILL ({@code --signal}) and
 * starts the same command again D seconds later ({@code --down-s}); the record then gives
 * counts and peak RSS (the higher of the two processes'), not CPU figures.
 *
 * <p>{@code summary} reads such records (one per side and run) and prints the medians; it exits
 * with status 1 when a side did not deliver every line exactly once and in order.
 *
 * <p>{@code count} (bench/footprint.sh's low-rate case) prints the port of a TCP listener on
 * 127.0.0.1, then, for every line it reads on standard input, the number of lines received so far
 * on all its connections; it ends at the end of standard input.
 */
public final class BenchSink {
    static final int LINE_BYTES = 99; // without the \n
    static final byte[] MAGIC = "lsb c".getBytes(StandardCharsets.US_ASCII);
    /** A read of less than this waits {@link #COALESCE_NANOS} before the next one. */
    static final int SMALL_READ_BYTES = 16 * 1024;
    /** Short enough that a 64 KB pipe does not fill at 600 000 lines/s per container. */
    static final long COALESCE_NANOS = 1_000_000;

    private BenchSink() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("measure")) {
            System.out.println(Measurement.fromArgs(Arrays.copyOfRange(args, 1, args.length)).run());
        } else if (args.length == 2 && args[0].equals("summary")) {
            if (!Summary.print(Files.readAllLines(Path.of(args[1])), System.out)) {
                System.exit(1);
            }
        } else if (args.length == 1 && args[0].equals("count")) {
            count();
        } else {
            System.err.println("usage: BenchSink measure ... | BenchSink summary RUNS.tsv | BenchSink count (see the class comment)");
            System.exit(2);
        }
    }

    private static void count() throws IOException {
        AtomicLong received = new AtomicLong();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().name("accept").start(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        Thread.ofPlatform().daemon().name("conn").start(() -> countLines(socket, received));
                    }
                } catch (IOException e) {
                    // Closed at the end.
                }
            });
            System.out.println(server.getLocalPort());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            while (commands.readLine() != null) {
                System.out.println(received.get());
            }
        }
    }

    private static void countLines(Socket socket, AtomicLong received) {
        byte[] buf = new byte[64 * 1024];
        try (socket; InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int lines = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                received.addAndGet(lines);
            }
        } catch (IOException e) {
            // The sender closed or reset the connection: what came is counted.
        }
    }

    /** One side of one run: the readers, the checker, the clock and the /proc samples. */
    static final class Measurement {
        String side;
        int run;
        int containers;
        int lines;
        Path log = Path.of("/dev/null");
        long dockerdPid = -1;
        int clkTck = 100;
        long timeoutNanos = TimeUnit.SECONDS.toNanos(60);
        long graceMillis = 1000;
        List<String> dockerLogs = new ArrayList<>();
        List<String> command = new ArrayList<>();
        boolean otlp;
        /** The second listener's hold; -1: no second listener. */
        long holdNanos = -1;
        long restartAfterNanos;
        long downNanos;
        boolean kill;

        private Checker checker;
        /** The held listener's lines; null without {@code --hold-s}. */
        private Checker held;
        private volatile long heldCompleteNanos;
        /** While the restart stops and starts the reader, its exit is expected. */
        private volatile boolean restarting;
        private volatile long downFromMillis;
        private volatile long downToMillis;
        private volatile long firstHwmKb;
        private volatile int firstExitCode = -1;
        /** Set once, before the first line can arrive; read by the threads that sample /proc. */
        private volatile List<Process> readers = List.of();
        private CountDownLatch complete;
        private long startNanos;
        private volatile Sample first;
        private volatile Sample last;

        static Measurement fromArgs(String[] args) {
            Measurement m = new Measurement();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--side" -> m.side = args[++i];
                    case "--run" -> m.run = Integer.parseInt(args[++i]);
                    case "--containers" -> m.containers = Integer.parseInt(args[++i]);
                    case "--lines" -> m.lines = Integer.parseInt(args[++i]);
                    case "--log" -> m.log = Path.of(args[++i]);
                    case "--dockerd-pid" -> m.dockerdPid = Long.parseLong(args[++i]);
                    case "--clk-tck" -> m.clkTck = Integer.parseInt(args[++i]);
                    case "--timeout-s" -> m.timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[++i]));
                    case "--grace-ms" -> m.graceMillis = Long.parseLong(args[++i]);
                    case "--hold-s" -> m.holdNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[++i]));
                    case "--restart-after-s" -> m.restartAfterNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[++i]));
                    case "--down-s" -> m.downNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[++i]));
                    case "--signal" -> m.kill = switch (args[++i]) {
                        case "TERM" -> false;
                        case "KILL" -> true;
                        default -> throw new IllegalArgumentException("--signal TERM or KILL, not " + args[i]);
                    };
                    case "--docker-logs" -> {
                        m.dockerLogs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    case "--tcp", "--otlp" -> {
                        m.otlp = a.equals("--otlp");
                        m.command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (m.side == null || m.containers < 1 || m.containers > 99 || m.lines < 1 || m.lines > 999_999_999
                    || m.dockerLogs.isEmpty() == m.command.isEmpty()) {
                throw new IllegalArgumentException("need --side, --containers 1..99, --lines 1..999999999 and one of --docker-logs, --tcp or --otlp");
            }
            if ((m.holdNanos >= 0 || m.restartAfterNanos > 0) && (m.command.isEmpty() || m.otlp)) {
                throw new IllegalArgumentException("--hold-s and --restart-after-s need --tcp");
            }
            return m;
        }

        String run() throws Exception {
            complete = new CountDownLatch(holdNanos >= 0 ? 2 : 1);
            checker = new Checker(containers, lines, this::onFirst, this::onComplete);
            ServerSocket server = null;
            ServerSocket holding = null;
            HttpServer http = null;
            if (otlp) {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                http.createContext("/", exchange -> {
                    try (exchange) {
                        for (ResourceLogs resource : ExportLogsServiceRequest.parseFrom(exchange.getRequestBody()).getResourceLogsList()) {
                            for (ScopeLogs scope : resource.getScopeLogsList()) {
                                for (LogRecord record : scope.getLogRecordsList()) {
                                    byte[] line = record.getBody().getStringValue().getBytes(StandardCharsets.UTF_8);
                                    checker.line(line, 0, line.length);
                                }
                            }
                        }
                        exchange.sendResponseHeaders(200, -1);
                    }
                });
                http.start();
                String port = Integer.toString(http.getAddress().getPort());
                startNanos = System.nanoTime();
                readers = List.of(start(command.stream().map(arg -> arg.replace("{port}", port)).toList(), false));
            } else if (!command.isEmpty()) {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocket listening = server;
                Thread.ofPlatform().daemon().name("accept").start(() -> accept(listening, checker, 0));
                String port = Integer.toString(server.getLocalPort());
                String holdPort = "";
                startNanos = System.nanoTime();
                if (holdNanos >= 0) {
                    held = new Checker(containers, lines, () -> { }, () -> {
                        heldCompleteNanos = System.nanoTime();
                        complete.countDown();
                    });
                    holding = new ServerSocket();
                    holding.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    ServerSocket listeningHeld = holding;
                    Thread.ofPlatform().daemon().name("accept-held").start(() -> accept(listeningHeld, held, startNanos + holdNanos));
                    holdPort = Integer.toString(holding.getLocalPort());
                }
                String heldPort = holdPort;
                List<String> cmd = command.stream().map(arg -> arg.replace("{port}", port).replace("{hold-port}", heldPort)).toList();
                readers = List.of(start(cmd, false));
                if (restartAfterNanos > 0) {
                    Thread.ofPlatform().daemon().name("restart").start(() -> restart(cmd));
                }
            } else {
                startNanos = System.nanoTime();
                List<Process> started = new ArrayList<>();
                for (String name : dockerLogs) {
                    started.add(start(List.of("docker", "logs", "-f", name), true));
                }
                readers = List.copyOf(started);
                for (Process p : readers) {
                    Thread.ofPlatform().daemon().name("pipe-" + p.pid()).start(() -> read(p.getInputStream(), checker));
                }
            }
            String outcome = waitForEnd();
            if (outcome.equals("complete")) {
                Thread.sleep(graceMillis); // late duplicates still count
            }
            Sample end = sample();
            for (Process p : readers) {
                p.destroy();
            }
            for (Process p : readers) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (server != null) {
                server.close();
            }
            if (holding != null) {
                holding.close();
            }
            if (http != null) {
                http.stop(0);
            }
            return record(outcome, end);
        }

        /** Stops the reader mid-stream with the signal, and starts {@code cmd} again after the time down. */
        private void restart(List<String> cmd) {
            try {
                while (first == null) {
                    Thread.sleep(10);
                }
                Thread.sleep(Duration.ofNanos(Math.max(0, first.nanos + restartAfterNanos - System.nanoTime())));
                Process p = readers.getFirst();
                restarting = true;
                firstHwmKb = Proc.peakRssKb(p.pid());
                downFromMillis = System.currentTimeMillis();
                if (kill) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
                firstExitCode = p.waitFor();
                Thread.sleep(Duration.ofNanos(downNanos));
                readers = List.of(start(cmd, false));
                downToMillis = System.currentTimeMillis();
                restarting = false;
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException("restarting the reader failed", e);
            }
        }

        private Process start(List<String> cmd, boolean pipeStdout) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectOutput(pipeStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start();
        }

        /** Reads each connection into {@code lines}, from {@code readFromNanos} on (0: at once). */
        private void accept(ServerSocket server, Checker lines, long readFromNanos) {
            try {
                while (true) {
                    Socket socket = server.accept();
                    Thread.ofPlatform().daemon().name("conn").start(() -> {
                        try (socket) {
                            long wait = readFromNanos - System.nanoTime();
                            if (readFromNanos > 0 && wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait)); // a stalled destination: accepted, not read
                            }
                            read(socket.getInputStream(), lines);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException e) {
                            // The reader closed or reset the connection: what came is counted.
                        }
                    });
                }
            } catch (IOException e) {
                // Closed at the end of the measurement.
            }
        }

        /** Splits a stream into lines for the checker; a line may span reads, never streams. */
        private void read(InputStream in, Checker into) {
            byte[] buf = new byte[256 * 1024];
            int filled = 0;
            try {
                int n;
                while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
                    int end = filled + n;
                    int start = 0;
                    for (int i = filled; i < end; i++) {
                        if (buf[i] == '\n') {
                            into.line(buf, start, i - start);
                            start = i + 1;
                        }
                    }
                    if (start == 0 && end == buf.length) {
                        into.line(buf, 0, end); // no \n in 256 KB: malformed, counted once
                        start = end;
                    }
                    filled = end - start;
                    System.arraycopy(buf, start, buf, 0, filled);
                    if (n < SMALL_READ_BYTES) {
                        // Let the next read take what comes in the meantime: reading each line as it
                        // is written would cost this sink a system call per line, and CPU that the
                        // two cores share with the readers measured (docker logs writes line by line).
                        LockSupport.parkNanos(COALESCE_NANOS);
                    }
                }
            } catch (IOException e) {
                // The reader went away; the end of the measurement tells why.
            }
            if (filled > 0) {
                into.line(buf, 0, filled);
            }
        }

        private void onFirst() {
            first = sample();
        }

        private void onComplete() {
            last = sample();
            complete.countDown();
        }

        private String waitForEnd() throws InterruptedException {
            while (true) {
                if (complete.await(100, TimeUnit.MILLISECONDS)) {
                    return "complete";
                }
                if (!restarting && readers.stream().anyMatch(p -> !p.isAlive())) {
                    Thread.sleep(500); // lines it wrote before exiting may still be in the pipe or socket
                    if (last == null) {
                        last = sample();
                    }
                    return complete.getCount() == 0 ? "complete" : "reader-exited";
                }
                // A held listener and a reader that is down deliver nothing for a while by design.
                long progress = Math.max(Math.max(checker.lastLineNanos(), startNanos + Math.max(0, holdNanos)), restarting ? System.nanoTime() : 0);
                if (held != null) {
                    progress = Math.max(progress, held.lastLineNanos());
                }
                if (System.nanoTime() - progress > timeoutNanos) {
                    if (last == null) {
                        last = sample();
                    }
                    return "timeout";
                }
            }
        }

        /** CPU ticks and peak RSS of the readers, CPU ticks of dockerd and of this sink, now. */
        private Sample sample() {
            long nanos = System.nanoTime();
            long ticks = 0;
            long sysTicks = 0;
            long hwmKb = 0;
            long reads = 0;
            long writes = 0;
            for (Process p : readers) {
                long[] cpu = Proc.cpuTicks(p.pid());
                ticks += cpu[0] + cpu[1];
                sysTicks += cpu[1];
                hwmKb += Proc.peakRssKb(p.pid());
                long[] io = Proc.syscalls(p.pid());
                reads += io[0];
                writes += io[1];
            }
            return new Sample(nanos, ticks, sysTicks, hwmKb, reads, writes, Proc.cpuTotalTicks(dockerdPid),
                    Proc.cpuTotalTicks(ProcessHandle.current().pid()), Proc.busyTicks());
        }

        private String record(String outcome, Sample end) {
            Checker.Counts c = checker.counts();
            Map<String, String> r = new LinkedHashMap<>();
            r.put("side", side);
            r.put("run", Integer.toString(run));
            r.put("outcome", outcome);
            r.put("containers", Integer.toString(containers));
            r.put("lines", Integer.toString(lines));
            r.put("expected", Long.toString((long) containers * lines));
            r.put("received", Long.toString(c.received()));
            r.put("lost", Long.toString((long) containers * lines - c.distinct()));
            r.put("duplicated", Long.toString(c.duplicated()));
            r.put("reordered", Long.toString(c.reordered()));
            r.put("malformed", Long.toString(c.malformed()));
            r.put("rss_peak_end_mb", fmt(Math.max(end.hwmKb, firstHwmKb) / 1024.0));
            if (held != null) {
                Checker.Counts h = held.counts();
                long heldCompleted = heldCompleteNanos;
                r.put("hold_s", fmt(holdNanos / 1e9));
                r.put("held_received", Long.toString(h.received()));
                r.put("held_lost", Long.toString((long) containers * lines - h.distinct()));
                r.put("held_duplicated", Long.toString(h.duplicated()));
                r.put("held_reordered", Long.toString(h.reordered()));
                r.put("held_malformed", Long.toString(h.malformed()));
                // From the end of the hold to the held listener's last new line: the catch-up.
                r.put("held_catchup_s", heldCompleted == 0 ? "-" : fmt((heldCompleted - startNanos - holdNanos) / 1e9));
            }
            if (restartAfterNanos > 0) {
                r.put("signal", kill ? "KILL" : "TERM");
                r.put("first_exit_code", Integer.toString(firstExitCode));
                r.put("down_from_ms", Long.toString(downFromMillis));
                r.put("down_to_ms", Long.toString(downToMillis));
                r.put("rss_peak_mb", fmt(Math.max(end.hwmKb, firstHwmKb) / 1024.0));
            }
            Sample f = first;
            Sample l = last;
            if (f != null && l != null && restartAfterNanos == 0) {
                double window = (l.nanos - f.nanos) / 1e9;
                double total = (l.nanos - startNanos) / 1e9;
                long linesInWindow = c.distinct() - 1;
                double cpuWindow = (double) (l.ticks - f.ticks) / clkTck;
                double cpuTotal = (double) l.ticks / clkTck;
                double dockerdWindow = (double) (l.dockerdTicks - f.dockerdTicks) / clkTck;
                double sinkWindow = (double) (l.sinkTicks - f.sinkTicks) / clkTck;
                r.put("startup_s", fmt((f.nanos - startNanos) / 1e9));
                r.put("window_s", fmt(window));
                r.put("total_s", fmt(total));
                r.put("lines_per_s", fmt(window > 0 ? linesInWindow / window : 0));
                r.put("lines_per_s_total", fmt(c.distinct() / total));
                r.put("cpu_window_s", fmt(cpuWindow));
                r.put("cpu_us_per_line", fmt(linesInWindow > 0 ? cpuWindow * 1e6 / linesInWindow : 0));
                r.put("cpu_sys_share", fmt(l.ticks > f.ticks ? (double) (l.sysTicks - f.sysTicks) / (l.ticks - f.ticks) : 0));
                r.put("reads_per_line", fmt(linesInWindow > 0 ? (double) (l.reads - f.reads) / linesInWindow : 0));
                r.put("writes_per_line", fmt(linesInWindow > 0 ? (double) (l.writes - f.writes) / linesInWindow : 0));
                r.put("cpu_total_s", fmt(cpuTotal));
                r.put("cpu_total_us_per_line", fmt(c.distinct() > 0 ? cpuTotal * 1e6 / c.distinct() : 0));
                r.put("rss_peak_mb", fmt(l.hwmKb / 1024.0));
                r.put("dockerd_us_per_line", fmt(linesInWindow > 0 ? dockerdWindow * 1e6 / linesInWindow : 0));
                r.put("sink_us_per_line", fmt(linesInWindow > 0 ? sinkWindow * 1e6 / linesInWindow : 0));
                // CPU the host spent on anything but the reader, dockerd and this sink (containerd,
                // other users of a shared machine): high values mean a disturbed run.
                double others = (double) (l.busyTicks - f.busyTicks - (l.ticks - f.ticks) - (l.dockerdTicks - f.dockerdTicks)
                        - (l.sinkTicks - f.sinkTicks)) / clkTck;
                r.put("other_cpu_share", fmt(window > 0 ? others / (window * Runtime.getRuntime().availableProcessors()) : 0));
            }
            r.put("malformed_example", c.malformedExample());
            StringBuilder out = new StringBuilder();
            r.forEach((k, v) -> out.append(out.isEmpty() ? "" : "\t").append(k).append('=').append(v));
            return out.toString();
        }

        private record Sample(long nanos, long ticks, long sysTicks, long hwmKb, long reads, long writes, long dockerdTicks,
                long sinkTicks, long busyTicks) {
        }
    }

    /**
     * Checks lines per container: each sequence number once, in increasing order. A line seen
     * before is a duplicate; a new line below the highest number seen from its container is
     * reordered; numbers never seen at the end are lost. Thread-safe: per-container state under
     * its own lock (one reader thread per container or one per connection: rarely contended).
     */
    static final class Checker {
        private final PerContainer[] perContainer;
        private final int lines;
        private final long expected;
        private final Runnable onFirst;
        private final Runnable onComplete;
        private final AtomicLong distinct = new AtomicLong();
        private final AtomicLong malformed = new AtomicLong();
        private volatile long lastLineNanos;
        private volatile String malformedExample = "";

        Checker(int containers, int lines, Runnable onFirst, Runnable onComplete) {
            this.lines = lines;
            this.expected = (long) containers * lines;
            this.onFirst = onFirst;
            this.onComplete = onComplete;
            perContainer = new PerContainer[containers];
            for (int i = 0; i < containers; i++) {
                perContainer[i] = new PerContainer(lines);
            }
        }

        void line(byte[] b, int off, int len) {
            int c = -1;
            int seq = -1;
            if (len == LINE_BYTES && Arrays.equals(b, off, off + MAGIC.length, MAGIC, 0, MAGIC.length)
                    && b[off + 7] == ' ' && b[off + 17] == ' ') {
                c = digits(b, off + 5, 2);
                seq = digits(b, off + 8, 9);
            }
            if (c < 0 || c >= perContainer.length || seq < 1 || seq > lines) {
                if (malformed.getAndIncrement() == 0) {
                    malformedExample = new String(b, off, Math.min(len, 120), StandardCharsets.UTF_8).replaceAll("[\\t\\n\\r]", "?");
                }
                return;
            }
            boolean isNew;
            PerContainer pc = perContainer[c];
            synchronized (pc) {
                pc.received++;
                isNew = !pc.seen.get(seq);
                if (!isNew) {
                    pc.duplicated++;
                } else {
                    pc.seen.set(seq);
                    if (seq < pc.highest) {
                        pc.reordered++;
                    } else {
                        pc.highest = seq;
                    }
                }
            }
            lastLineNanos = System.nanoTime();
            if (isNew) {
                long n = distinct.incrementAndGet();
                if (n == 1) {
                    onFirst.run();
                }
                if (n == expected) {
                    onComplete.run();
                }
            }
        }

        private static int digits(byte[] b, int off, int n) {
            int v = 0;
            for (int i = off; i < off + n; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }

        boolean complete() {
            return distinct.get() == expected;
        }

        long lastLineNanos() {
            return lastLineNanos;
        }

        Counts counts() {
            long received = malformed.get();
            long duplicated = 0;
            long reordered = 0;
            for (PerContainer pc : perContainer) {
                synchronized (pc) {
                    received += pc.received;
                    duplicated += pc.duplicated;
                    reordered += pc.reordered;
                }
            }
            return new Counts(received, distinct.get(), duplicated, reordered, malformed.get(), malformedExample);
        }

        record Counts(long received, long distinct, long duplicated, long reordered, long malformed, String malformedExample) {
        }

        private static final class PerContainer {
            final BitSet seen;
            int highest;
            long received;
            long duplicated;
            long reordered;

            PerContainer(int lines) {
                seen = new BitSet(lines + 1);
            }
        }
    }

    /** Reads a process's CPU time and peak RSS from /proc; 0 once it is gone. */
    static final class Proc {
        private Proc() {
        }

        /** {utime, stime} in clock ticks, all threads. */
        static long[] cpuTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
            } catch (IOException | RuntimeException e) {
                return new long[2];
            }
        }

        /** utime + stime in clock ticks; 0 for no process ({@code pid <= 0}). */
        static long cpuTotalTicks(long pid) {
            if (pid <= 0) {
                return 0;
            }
            long[] cpu = cpuTicks(pid);
            return cpu[0] + cpu[1];
        }

        /** CPU ticks the whole host spent busy (not idle, not waiting for I/O), over all cores. */
        static long busyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
                long busy = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** {read, write} system calls so far ({@code syscr}, {@code syscw}). */
        static long[] syscalls(long pid) {
            long[] counts = new long[2];
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                    if (line.startsWith("syscr: ")) {
                        counts[0] = Long.parseLong(line.substring(7).strip());
                    } else if (line.startsWith("syscw: ")) {
                        counts[1] = Long.parseLong(line.substring(7).strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Gone.
            }
            return counts;
        }

        /** VmHWM in kB. */
        static long peakRssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.substring(6).replace("kB", "").strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Gone.
            }
            return 0;
        }
    }

    /** Medians over runs, per side, and the ratio of the sides' throughput within each run. */
    static final class Summary {
        private static final String BASE = "docker-logs";
        private static final String SUBJECT = "logspout";
        /** bench/run.sh's second logspout (LOGSPOUT_JAR_B, LOGSPOUT_ENV_B), when measured. */
        private static final String SUBJECT_B = "logspout-b";
        private static final String[][] ROWS = {
            {"lines_per_s", "throughput, lines/s (first to last line)", "%.0f"},
            {"lines_per_s_total", "throughput, lines/s (from reader start)", "%.0f"},
            {"startup_s", "reader start to first line, s", "%.2f"},
            {"window_s", "first to last line, s", "%.2f"},
            {"cpu_us_per_line", "reader CPU per line, us (first to last line)", "%.2f"},
            {"cpu_total_us_per_line", "reader CPU per line, us (incl. startup)", "%.2f"},
            {"cpu_sys_share", "reader CPU share in the kernel (first to last)", "%.2f"},
            {"reads_per_line", "reader read syscalls per line (first to last)", "%.3f"},
            {"writes_per_line", "reader write syscalls per line (first to last)", "%.3f"},
            {"rss_peak_mb", "reader peak RSS, MB (VmHWM, sum over processes)", "%.1f"},
            {"dockerd_us_per_line", "dockerd CPU per line, us (first to last line)", "%.2f"},
            {"sink_us_per_line", "this sink's CPU per line, us (first to last line)", "%.2f"},
            {"other_cpu_share", "host CPU used by anything else (0..1)", "%.2f"},
            {"lost", "lost lines (max over runs)", "max"},
            {"duplicated", "duplicated lines (max over runs)", "max"},
            {"reordered", "reordered lines (max over runs)", "max"},
            {"malformed", "malformed lines (max over runs)", "max"},
        };

        private Summary() {
        }

        /**
         * Prints the table, a column per side (logspout-b only when measured); false when a side
         * did not deliver every line exactly once and in order.
         */
        static boolean print(List<String> tsv, PrintStream out) {
            List<Map<String, String>> records = tsv.stream().filter(l -> !l.isBlank()).map(Summary::parse).toList();
            List<String> sides = Stream.of(BASE, SUBJECT, SUBJECT_B).filter(side -> side != SUBJECT_B
                    || records.stream().anyMatch(r -> r.get("side").equals(SUBJECT_B))).toList();
            List<List<Map<String, String>>> columns = sides.stream()
                    .map(side -> records.stream().filter(r -> r.get("side").equals(side)).toList()).toList();
            String format = "%-48s" + " %16s".repeat(sides.size()) + "%n";
            List<Object> header = new ArrayList<>(List.of("median of " + columns.get(1).size() + " runs"));
            header.addAll(sides);
            out.printf(Locale.ROOT, format, header.toArray());
            for (String[] row : ROWS) {
                List<Object> cells = new ArrayList<>(List.of(row[1]));
                columns.forEach(column -> cells.add(figure(column, row)));
                out.printf(Locale.ROOT, format, cells.toArray());
            }
            for (int i = 1; i < sides.size(); i++) {
                List<Double> ratios = new ArrayList<>();
                List<Double> totalRatios = new ArrayList<>();
                for (Map<String, String> s : columns.get(i)) {
                    for (Map<String, String> b : columns.get(0)) {
                        if (b.get("run").equals(s.get("run"))) {
                            ratios.add(number(s, "lines_per_s") / number(b, "lines_per_s"));
                            totalRatios.add(number(s, "lines_per_s_total") / number(b, "lines_per_s_total"));
                        }
                    }
                }
                out.printf(Locale.ROOT, "%-48s %33.2f%n", "throughput ratio " + sides.get(i) + " / docker logs -f", median(ratios));
                out.printf(Locale.ROOT, "%-48s %33.2f%n", "  same, from reader start", median(totalRatios));
                out.printf(Locale.ROOT, "%-48s %33s%n", "outcomes (" + sides.get(i) + ")",
                        String.join(",", columns.get(i).stream().map(r -> r.get("outcome")).toList()));
            }
            List<String> failed = records.stream().filter(r -> !r.get("outcome").equals("complete")
                    || Stream.of("lost", "duplicated", "reordered", "malformed").anyMatch(k -> number(r, k) != 0))
                    .map(r -> r.get("side") + " in run " + r.get("run")).toList();
            if (!failed.isEmpty()) {
                out.println("NOT DELIVERED exactly once and in order: " + String.join(", ", failed));
            }
            return failed.isEmpty();
        }

        private static String figure(List<Map<String, String>> records, String[] row) {
            List<Double> values = records.stream().filter(r -> r.containsKey(row[0])).map(r -> number(r, row[0])).toList();
            if (values.isEmpty()) {
                return "-";
            }
            if (row[2].equals("max")) {
                return String.format(Locale.ROOT, "%.0f", values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            }
            return String.format(Locale.ROOT, row[2], median(values));
        }

        private static double number(Map<String, String> record, String key) {
            String v = record.get(key);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }

        static double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int m = v.length / 2;
            return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
        }

        private static Map<String, String> parse(String line) {
            Map<String, String> r = new LinkedHashMap<>();
            for (String field : line.split("\t")) {
                int eq = field.indexOf('=');
                r.put(field.substring(0, eq), field.substring(eq + 1));
            }
            return r;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
