package io.logspout.adapter.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBufferTest {

    private static byte[] contents(LineBuffer buffer) {
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    @Test
    void encodesUtf8LikeTheJdk() {
        for (String text : List.of("", "ascii", "\u00e9\u00fc", "\u65e5\u672c", "\uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low", "end \uD83D",
                "x".repeat(3000) + "\u00e9".repeat(3000))) {
            LineBuffer buffer = new LineBuffer();
            buffer.writeByte('>');
            buffer.writeUtf8(text);
            assertThat(contents(buffer)).as(text).isEqualTo((">" + text).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesPartOfAString() {
        LineBuffer buffer = new LineBuffer();
        buffer.writeUtf8("/\u00e9t\u00e9", 1, 4);

        assertThat(new String(contents(buffer), StandardCharsets.UTF_8)).isEqualTo("\u00e9t\u00e9");
    }

    @Test
    void writesDecimals() {
        for (long value : List.of(0L, 7L, 10L, 4242L, -15L, Long.MAX_VALUE, Long.MIN_VALUE)) {
            LineBuffer buffer = new LineBuffer().writeDecimal(value);
            assertThat(new String(contents(buffer), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
        }
    }

    @Test
    void truncatesToCharactersFromAMark() {
        LineBuffer buffer = new LineBuffer();
        buffer.writeUtf8("ab ");
        buffer.writeUtf8("\u00e9\uD83D\uDE00\u65e5z");
        buffer.truncateRunes(3, 3);
        assertThat(new String(contents(buffer), StandardCharsets.UTF_8)).isEqualTo("ab \u00e9\uD83D\uDE00\u65e5");

        buffer.truncateRunes(3, 1);
        assertThat(new String(contents(buffer), StandardCharsets.UTF_8)).isEqualTo("ab \u00e9");

        buffer.truncateRunes(3, 5);
        assertThat(new String(contents(buffer), StandardCharsets.UTF_8)).isEqualTo("ab \u00e9");
    }

    @Test
    void clearStartsOverAndDropsAHugeArray() {
        LineBuffer buffer = new LineBuffer();
        buffer.writeUtf8("x".repeat(1 << 20));
        buffer.clear();

        assertThat(buffer.size()).isZero();
        assertThat(buffer.array().length).isLessThan(1 << 20);
    }
}
