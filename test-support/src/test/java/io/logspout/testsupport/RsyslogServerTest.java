package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RsyslogServerTest {

    @Test
    void readsRsyslogsJsonfLinesWithEscapes() {
        String line = "{\"pri\":\"14\", \"hostname\":\"h\", \"app\":\"a\", \"procid\":\"1\", \"msgid\":\"-\", \"sd\":\"[x@1 k=\\\"v\\\\w\\\"]\","
                + " \"msg\":\"tab\\there \\u00e9\\/\", \"timestamp\":\"2021-12-03T10:15:30Z\", \"input\":\"tcp\", \"raw\":\"r\"}";

        assertThat(RsyslogServer.parse(line)).isEqualTo(
                new SyslogRecord(14, "h", "a", "1", "-", "[x@1 k=\"v\\w\"]", "tab\there \u00e9/", "2021-12-03T10:15:30Z", "tcp", "r"));
    }

    @Test
    void aLineWithoutEveryFieldIsAnError() {
        assertThatThrownBy(() -> RsyslogServer.parse("{\"pri\":\"14\"}")).hasMessageContaining("without all of");
        assertThatThrownBy(() -> RsyslogServer.parse("{\"pri\":\"14")).hasMessageContaining("not the expected JSON");
    }
}
