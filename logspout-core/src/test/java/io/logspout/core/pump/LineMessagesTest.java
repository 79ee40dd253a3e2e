package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineMessagesTest {

    @Test
    void decodesUtf8AndReplacesInvalidBytesInsteadOfFailing() {
        byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xC3, '(', (byte) 0xFF, 'x'};

        assertThat(LineMessages.text(bytes, bytes.length)).isEqualTo("ok \u00e9 \ufffd(\ufffdx");
        assertThat(LineMessages.text(bytes, 5)).isEqualTo("ok \u00e9");
    }

    @Test
    void numbersConsecutiveLinesWithOneTimestampSoEveryKeyIsUnique() {
        ContainerInfo container = new ContainerInfo("c".repeat(64), "/app", "", "", "", null, null, 0, false, null);
        List<LogMessage> out = new ArrayList<>();
        LineMessages messages = new LineMessages(container, out::add);
        long[] times = {10, 10, 10, 11, 12, 12};
        for (long time : times) {
            byte[] line = ("t" + time).getBytes(StandardCharsets.UTF_8);
            messages.line(LogStreamParser.STDOUT, time, line, line.length);
        }

        assertThat(out).extracting(LogMessage::seq).containsExactly(0, 1, 2, 0, 0, 1);
        assertThat(out).extracting(LogMessage::key).doesNotHaveDuplicates()
                .startsWith("c".repeat(64) + ":10:0", "c".repeat(64) + ":10:1");
    }
}
