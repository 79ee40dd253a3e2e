package io.logspout.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteArrayOutputTest {

    private static byte[] contents(ByteArrayOutput out) {
        return Arrays.copyOf(out.array(), out.size());
    }

    @Test
    void encodesUtf8AsTheJdkDoes() {
        for (String text : new String[] {"ascii", "caf\u00e9", "\u20ac\u4e2d", "a\ud83d\ude00b", "lone \ud800 surrogate", "", "x".repeat(5000) + "\u00e9"}) {
            ByteArrayOutput out = new ByteArrayOutput(4, 1024);
            out.writeUtf8(text);
            assertThat(contents(out)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesPartOfAStringAndRawBytes() {
        ByteArrayOutput out = new ByteArrayOutput(2, 1024);
        out.writeUtf8("<\u00e9t\u00e9>", 1, 4).writeByte('!').write(new byte[] {'a', 'b'}, 1, 1);
        assertThat(new String(contents(out), StandardCharsets.UTF_8)).isEqualTo("\u00e9t\u00e9!b");
    }

    @Test
    void clearStartsOverAndGivesBackAHugeArray() {
        ByteArrayOutput out = new ByteArrayOutput(16, 64);
        out.writeUtf8("x".repeat(1000));
        byte[] huge = out.array();
        out.clear();
        assertThat(out.size()).isZero();
        assertThat(out.array()).isNotSameAs(huge).hasSize(16);
    }
}
