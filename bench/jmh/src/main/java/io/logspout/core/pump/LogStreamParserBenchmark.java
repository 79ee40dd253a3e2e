package io.logspout.core.pump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Demultiplexing and line splitting: a multiplexed Docker log stream with timestamps, as
 * {@code GET /containers/{id}/logs?timestamps=1} sends it (an 8-byte frame header, an RFC 3339
 * timestamp with nanoseconds, a space and a 100-byte line per frame, stdout and stderr mixed),
 * through {@link LogStreamParser} into a handler that only consumes the line. Lives in the
 * parser's package because the parser is package-private. Score: ns per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogStreamParserBenchmark {
    static final int LINES = 10_000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Bytes per {@code accept} call: what one socket read returns (small when the reader keeps up with dockerd). */
    @Param({"512", "65536"})
    public int chunkBytes;

    private byte[] stream;
    private LogStreamParser parser;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws IOException {
        stream = multiplexedStream(LINES);
        int[] lines = new int[1];
        LogStreamParser check = new LogStreamParser(false, new ResumePosition(), (source, timeNanos, bytes, length) -> {
            if (length != 99) {
                throw new IllegalStateException("parsed a line of " + length + " bytes, not 99");
            }
            lines[0]++;
        });
        check.accept(stream, 0, stream.length);
        if (lines[0] != LINES) {
            throw new IllegalStateException("parsed " + lines[0] + " lines, not " + LINES);
        }
        parser = new LogStreamParser(false, new ResumePosition(), (source, timeNanos, bytes, length) -> {
            blackhole.consume(timeNanos);
            blackhole.consume(length);
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse() throws IOException {
        for (int p = 0; p < stream.length; p += chunkBytes) {
            parser.accept(stream, p, Math.min(chunkBytes, stream.length - p));
        }
    }

    /** Every 10th line on stderr; Docker's RFC3339Nano drops trailing zeros of the fraction. */
    static byte[] multiplexedStream(int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant time = Instant.parse("2026-11-24T21:03:24.100000000Z");
        for (int i = 0; i < lines; i++) {
            time = time.plusNanos(12_345 + i % 7);
            String fraction = String.format("%09d", time.getNano()).replaceFirst("0+$", "");
            String stamp = SECONDS.format(time) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
            byte[] payload = (stamp + " " + String.format("lsb c01 %09d %s%n", i, "x".repeat(81))).getBytes(StandardCharsets.US_ASCII);
            out.write(i % 10 == 9 ? 2 : 1);
            out.writeBytes(new byte[3]);
            out.write(payload.length >>> 24);
            out.write(payload.length >>> 16);
            out.write(payload.length >>> 8);
            out.write(payload.length);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }
}
