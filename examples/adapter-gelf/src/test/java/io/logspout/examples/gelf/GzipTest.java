package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ByteArrayOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GzipTest {
    private final Gzip gzip = new Gzip();
    private final ByteArrayOutput out = new ByteArrayOutput(64, Integer.MAX_VALUE);

    private byte[] roundTrip(byte[] input, int length) {
        gzip.compress(input, length, out);
        return GelfDecoder.gunzipIfGzipped(Arrays.copyOf(out.array(), out.size()));
    }

    @Test
    void whatItWritesTheJdksGzipReadsBackOneDeflaterForManyInputs() {
        byte[] text = "{\"short_message\":\"hello hello hello hello\"}".getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[100_000]; // more than one deflate output block
        new Random(1).nextBytes(random);

        assertThat(roundTrip(text, text.length)).isEqualTo(text);
        assertThat(roundTrip(random, random.length)).isEqualTo(random);
        assertThat(roundTrip(random, 10)).isEqualTo(Arrays.copyOf(random, 10));
        assertThat(roundTrip(text, 0)).isEmpty();
        assertThat(roundTrip(text, text.length)).isEqualTo(text);
        gzip.close();
    }

    @Test
    void startsWithGzipsMagicAndShrinksRepetitiveText() {
        byte[] text = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

        gzip.compress(text, text.length, out);

        assertThat(out.array()[0]).isEqualTo((byte) 0x1f);
        assertThat(out.array()[1]).isEqualTo((byte) 0x8b);
        assertThat(out.size()).isLessThan(100);
        gzip.close();
    }
}
