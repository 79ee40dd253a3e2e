package io.logspout.core.pump;

import java.io.IOException;
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
 * What the counting for {@code /metrics} and {@code /health} costs a container's reader per line:
 * the same multiplexed stream as {@link LogStreamParserBenchmark} parsed read by read, without
 * counting ({@code uncounted}) and with the counting {@code ContainerReader} does ({@code counted}):
 * one added to a plain field per line, and per read {@link ContainerStats#read}, which publishes
 * lines and bytes in volatile fields. The difference of the two scores is the cost per line.
 * Score: ns per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamCountingBenchmark {
    static final int LINES = LogStreamParserBenchmark.LINES;

    /** Bytes per read: small when the reader keeps up with dockerd, 16 KB its buffer (ContainerReader.READ_BUFFER_BYTES). */
    @Param({"512", "16384"})
    public int chunkBytes;

    private byte[] stream;
    private LogStreamParser uncounted;
    private LogStreamParser counted;
    private final ContainerStats stats = new ContainerStats();
    /** As ContainerReader's linesSinceRead: lines handed on since the last read was counted. */
    private long linesSinceRead;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        stream = LogStreamParserBenchmark.multiplexedStream(LINES);
        uncounted = new LogStreamParser(false, new ResumePosition(), (source, timeNanos, bytes, length) -> {
            blackhole.consume(timeNanos);
            blackhole.consume(length);
        });
        counted = new LogStreamParser(false, new ResumePosition(), (source, timeNanos, bytes, length) -> {
            blackhole.consume(timeNanos);
            blackhole.consume(length);
            linesSinceRead++;
        });
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void uncounted() throws IOException {
        for (int p = 0; p < stream.length; p += chunkBytes) {
            uncounted.accept(stream, p, Math.min(chunkBytes, stream.length - p));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long counted() throws IOException {
        for (int p = 0; p < stream.length; p += chunkBytes) {
            int n = Math.min(chunkBytes, stream.length - p);
            counted.accept(stream, p, n);
            stats.read(linesSinceRead, n);
            linesSinceRead = 0;
        }
        return stats.linesRead();
    }
}
