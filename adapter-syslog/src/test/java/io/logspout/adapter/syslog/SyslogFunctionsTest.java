package io.logspout.adapter.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFunctionsTest {

    @Test
    void splitNIsGosStringsSplitN() {
        assertThat(SyslogFunctions.splitN("a.b.c", ".", 2)).containsExactly("a", "b.c");
        assertThat(SyslogFunctions.splitN("a.b.c", ".", -1)).containsExactly("a", "b", "c");
        assertThat(SyslogFunctions.splitN("a.b.c", ".", 1)).containsExactly("a.b.c");
        assertThat(SyslogFunctions.splitN("a.b.c", ".", 9)).containsExactly("a", "b", "c");
        assertThat(SyslogFunctions.splitN("a.b.c", ".", 0)).isEmpty();
        assertThat(SyslogFunctions.splitN("a..b", ".", -1)).containsExactly("a", "", "b");
        assertThat(SyslogFunctions.splitN("", ".", -1)).containsExactly("");
        assertThat(SyslogFunctions.splitN("abc", "x", 3)).containsExactly("abc");
        assertThat(SyslogFunctions.splitN("a::b::c", "::", -1)).containsExactly("a", "b", "c");
    }

    @Test
    void anEmptySeparatorSplitsIntoCharacters() {
        assertThat(SyslogFunctions.splitN("\u00e9\uD83D\uDE00x", "", -1)).containsExactly("\u00e9", "\uD83D\uDE00", "x");
        assertThat(SyslogFunctions.splitN("abcd", "", 2)).containsExactly("a", "bcd");
        assertThat(SyslogFunctions.splitN("", "", -1)).isEqualTo(List.of());
    }

    @Test
    void priorities() {
        assertThat(SyslogFunctions.Priority.of("stdout").value).isEqualTo(14);
        assertThat(SyslogFunctions.Priority.of("stderr").value).isEqualTo(11);
        assertThat(SyslogFunctions.Priority.of("journal").value).isEqualTo(30);
        assertThat(new String(SyslogFunctions.Priority.STDERR.digits, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("11");
    }
}
