package io.logspout.adapter.otlp;

import io.logspout.api.Adapter;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import java.util.Map;

/** Keeps a batch's lines and writes them in {@link #endBatch} as one OTLP export request. */
final class OtlpAdapter implements Adapter {
    /** Encodes a whole batch as one request body. */
    interface Encoding {
        String contentType();

        void write(OtlpBatch batch, Output out);
    }

    private final OtlpBatch batch;
    private final Encoding encoding;

    OtlpAdapter(OtlpBatch batch, Encoding encoding) {
        this.batch = batch;
        this.encoding = encoding;
    }

    @Override
    public void encode(LogMessage message, Output out) {
        batch.add(message);
    }

    @Override
    public void endBatch(Output out) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            encoding.write(batch, out);
        } finally {
            batch.clear();
        }
    }

    /**
     * Batches of up to 4096 lines: a request waits for its answer, and with the core's 1024 the
     * sender fell behind a backlog read at full speed (the queue filled, and the route read those
     * containers again from Docker's log: twice the CPU per line); with 4096 it kept up (bench/run.sh,
     * BENCH_ROUTE=otlp, side by side).
     */
    @Override
    public Map<String, String> defaultOptions() {
        return Map.of("path", "/v1/logs", "header.Content-Type", encoding.contentType(), "batch.linger", "100ms", "batch.count", "4096");
    }
}
