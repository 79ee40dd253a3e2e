package io.logspout.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncodeBufferTest {

    private static String messageText(EncodeBuffer buffer, int index) {
        return new String(buffer.array(), buffer.messageStart(index), buffer.messageEnd(index) - buffer.messageStart(index), StandardCharsets.UTF_8);
    }

    @Test
    void encodesUtf8LikeTheJdk() {
        for (String text : new String[] {"plain ascii", "caf\u00e9 \u00fc\u00df", "\u20ac \u4e2d\u6587", "emoji \ud83d\ude00 end", "", "tab\tcr\r"}) {
            EncodeBuffer buffer = new EncodeBuffer();
            buffer.writeUtf8(text);
            assertThat(Arrays.copyOf(buffer.array(), buffer.size())).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void loneSurrogateBecomesAQuestionMarkAsInTheJdk() {
        String text = "a\ud800b";
        EncodeBuffer buffer = new EncodeBuffer();
        buffer.writeUtf8(text);
        assertThat(Arrays.copyOf(buffer.array(), buffer.size())).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsMessageBoundariesAndIgnoresEmptyMessages() {
        EncodeBuffer buffer = new EncodeBuffer();
        buffer.writeUtf8("one\n");
        buffer.endMessage();
        buffer.endMessage();
        buffer.writeUtf8("two\n");
        buffer.endMessage();
        assertThat(buffer.messageCount()).isEqualTo(2);
        assertThat(messageText(buffer, 0)).isEqualTo("one\n");
        assertThat(messageText(buffer, 1)).isEqualTo("two\n");
    }

    @Test
    void growsForLargeMessages() {
        EncodeBuffer buffer = new EncodeBuffer();
        String big = "x".repeat(300_000);
        buffer.writeUtf8(big);
        buffer.endMessage();
        for (int i = 0; i < 5000; i++) {
            buffer.writeByte('y');
            buffer.endMessage();
        }
        assertThat(buffer.messageCount()).isEqualTo(5001);
        assertThat(messageText(buffer, 0)).isEqualTo(big);
        assertThat(messageText(buffer, 5000)).isEqualTo("y");
    }

    @Test
    void discardFirstKeepsTheRestForTheNextAttempt() {
        EncodeBuffer buffer = new EncodeBuffer();
        for (String text : new String[] {"a", "bb", "ccc"}) {
            buffer.writeUtf8(text);
            buffer.endMessage();
        }
        buffer.discardFirst(2);
        assertThat(buffer.messageCount()).isEqualTo(1);
        assertThat(messageText(buffer, 0)).isEqualTo("ccc");
        buffer.discardFirst(1);
        assertThat(buffer.messageCount()).isZero();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void dropUnfinishedForgetsOnlyTheHalfWrittenMessage() {
        EncodeBuffer buffer = new EncodeBuffer();
        buffer.writeUtf8("kept");
        buffer.endMessage();
        buffer.writeUtf8("half");
        buffer.dropUnfinished();
        buffer.endMessage();
        assertThat(buffer.messageCount()).isEqualTo(1);
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(messageText(buffer, 0)).isEqualTo("kept");
    }
}
