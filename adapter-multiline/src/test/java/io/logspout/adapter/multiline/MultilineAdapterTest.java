package io.logspout.adapter.multiline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Adapter;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import io.logspout.api.Output;
import io.logspout.testsupport.FakeAdapterContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The multiline state machine, driven directly with a fake inner adapter and a clock the test moves. */
class MultilineAdapterTest {
    private static final ContainerInfo APP = container("a", List.of());
    private static final ContainerInfo DB = container("b", List.of());

    private final ManualClock clock = new ManualClock(1_000);
    private final FakeInner inner = new FakeInner();
    private final Messages out = new Messages();

    private static ContainerInfo container(String idLetter, List<String> env) {
        return new ContainerInfo(idLetter.repeat(64), "/" + idLetter, "busybox", "sha256:1", idLetter, Map.of(), env, 1, false, Map.of());
    }

    private static LogMessage line(ContainerInfo container, String source, String data) {
        return new LogMessage(container, source, data, 0);
    }

    private static LogMessage line(String data) {
        return line(APP, LogMessage.STDOUT, data);
    }

    private Adapter adapter(Map<String, String> settings) {
        return new MultilineAdapterFactory().create(context(settings, "raw+tcp"));
    }

    private FakeAdapterContext context(Map<String, String> settings, String innerChain) {
        return FakeAdapterContext.forAdapter(innerChain.isEmpty() ? "multiline" : "multiline+" + innerChain).settings(settings).clock(clock).inner(innerChain, inner);
    }

    /** Writes each line, then closes the adapter (which sends what is pending) and returns the messages. */
    private List<String> run(Map<String, String> settings, String... lines) {
        Adapter adapter = adapter(settings);
        for (String data : lines) {
            adapter.encode(line(data), out);
        }
        adapter.close(out);
        return out.messages;
    }

    @Test
    void saysWhichLineItHoldsSoTheCursorDoesNotPassIt() {
        Adapter adapter = adapter(Map.of("MULTILINE_MATCH", "nonfirst"));
        LogMessage some = new LogMessage(APP, LogMessage.STDOUT, "some", 10);
        LogMessage other = new LogMessage(APP, LogMessage.STDOUT, "other", 30);
        assertThat(adapter.oldestHeld(APP.id())).isNull();

        adapter.encode(some, out);
        adapter.encode(new LogMessage(APP, LogMessage.STDOUT, "  more", 20), out);
        assertThat(adapter.oldestHeld(APP.id())).isSameAs(some);
        assertThat(adapter.oldestHeld(DB.id())).isNull();

        adapter.encode(other, out); // ends the first entry, which goes out; "other" is held now
        assertThat(out.messages).containsExactly("some\n  more");
        assertThat(adapter.oldestHeld(APP.id())).isSameAs(other);
        adapter.close(out);
        assertThat(adapter.oldestHeld(APP.id())).isNull();
    }

    // The five cases of logspout's multiline_test.go.

    @Test
    void nonfirstJoinsIndentedLinesToTheLineBefore() {
        assertThat(run(Map.of("MULTILINE_MATCH", "nonfirst"), "some", "  multi", "  line", "other", "  multiline"))
                .containsExactly("some\n  multi\n  line", "other\n  multiline");
    }

    @Test
    void firstStartsAnEntryAtEachMatchingLine() {
        assertThat(run(Map.of("MULTILINE_MATCH", "first", "MULTILINE_PATTERN", ":$"), "some:", "multi", "line", "other:", "multiline"))
                .containsExactly("some:\nmulti\nline", "other:\nmultiline");
    }

    @Test
    void nonlastEndsAnEntryAtTheFirstLineThatDoesNotMatch() {
        assertThat(run(Map.of("MULTILINE_MATCH", "nonlast", "MULTILINE_PATTERN", "\\$$"), "some$", "multi$", "line", "other$", "multiline"))
                .containsExactly("some$\nmulti$\nline", "other$\nmultiline");
    }

    @Test
    void lastEndsAnEntryAtEachMatchingLine() {
        assertThat(run(Map.of("MULTILINE_MATCH", "last", "MULTILINE_PATTERN", "!$"), "some", "multi", "line!", "other", "multiline!"))
                .containsExactly("some\nmulti\nline!", "other\nmultiline!");
    }

    @Test
    void nonlastWithAlternativesJoinsTracebacksAndStatements() {
        assertThat(run(Map.of("MULTILINE_MATCH", "nonlast", "MULTILINE_PATTERN", "^(DETAIL:|STATEMENT:|Traceback|\\s)"),
                "not yet", "Traceback", " tb1", " tb2!", "Error123", "no more traceback", "STATEMENT:", " still statement", "end of statement", "no more statement"))
                .containsExactly("not yet", "Traceback\n tb1\n tb2!\nError123", "no more traceback", "STATEMENT:\n still statement\nend of statement", "no more statement");
    }

    @Test
    void theReadmeExamplesGiveWhatTheReadmeSays() {
        assertThat(run(Map.of("MULTILINE_MATCH", "first", "MULTILINE_PATTERN", "^\\d{4}-\\d\\d-\\d\\d "),
                "2024-05-01 12:00:00 ERROR request failed", "java.io.IOException: reset", "    at Sock.read(Sock.java:9)", "2024-05-01 12:00:01 INFO next"))
                .containsExactly("2024-05-01 12:00:00 ERROR request failed\njava.io.IOException: reset\n    at Sock.read(Sock.java:9)", "2024-05-01 12:00:01 INFO next");
        out.messages.clear();
        assertThat(run(Map.of("MULTILINE_MATCH", "last", "MULTILINE_PATTERN", ";$"), "SELECT *", "FROM t", "WHERE a = 1;", "COMMIT;"))
                .containsExactly("SELECT *\nFROM t\nWHERE a = 1;", "COMMIT;");
        out.messages.clear();
        assertThat(run(Map.of("MULTILINE_MATCH", "nonlast", "MULTILINE_PATTERN", "^(Traceback|\\s)"),
                "Traceback (most recent call last):", "  File \"app.py\", line 2, in <module>", "    main()", "ValueError: bad value", "served 3 requests"))
                .containsExactly("Traceback (most recent call last):\n  File \"app.py\", line 2, in <module>\n    main()\nValueError: bad value", "served 3 requests");
    }

    @Test
    void theDefaultsAreNonfirstOnLeadingWhitespaceJoinedWithNewlines() {
        assertThat(run(Map.of(), "Exception in thread \"main\" java.lang.IllegalStateException", "\tat A.b(A.java:1)", "next"))
                .containsExactly("Exception in thread \"main\" java.lang.IllegalStateException\n\tat A.b(A.java:1)", "next");
    }

    @Test
    void thePatternIsSearchedAnywhereInTheLine() {
        assertThat(run(Map.of("MULTILINE_MATCH", "first", "MULTILINE_PATTERN", "ERROR"), "x ERROR y", "detail", "[ERROR] z", "more"))
                .containsExactly("x ERROR y\ndetail", "[ERROR] z\nmore");
    }

    @Test
    void theSeparatorIsUsedAsGiven() {
        assertThat(run(Map.of("MULTILINE_SEPARATOR", " | "), "a", " b", " c")).containsExactly("a |  b |  c");
    }

    @Test
    void aLastLineWithNothingPendingIsSentAtOnce() {
        Adapter adapter = adapter(Map.of("MULTILINE_MATCH", "last", "MULTILINE_PATTERN", "!$"));

        adapter.encode(line("alone!"), out);

        assertThat(out.messages).containsExactly("alone!");
    }

    // The six cases of logspout's TestContainerEnv, and the rest of the per-container switch.

    @ParameterizedTest(name = "default {0}, container env {1} -> joined {2}")
    @CsvSource({
        "true, , true",
        "false, , false",
        "true, LOGSPOUT_MULTILINE=true, true",
        "false, LOGSPOUT_MULTILINE=true, true",
        "true, LOGSPOUT_MULTILINE=false, false",
        "false, LOGSPOUT_MULTILINE=false, false",
    })
    void theContainerEnvOverridesTheDefault(boolean enableByDefault, String env, boolean joined) {
        ContainerInfo container = container("c", env == null ? List.of() : List.of(env));
        assertThat(MultilineAdapter.enabledFor(container, enableByDefault)).isEqualTo(joined);

        Adapter adapter = adapter(Map.of("MULTILINE_ENABLE_DEFAULT", Boolean.toString(enableByDefault)));
        adapter.encode(line(container, LogMessage.STDOUT, "head"), out);
        adapter.encode(line(container, LogMessage.STDOUT, "  tail"), out);
        adapter.close(out);

        assertThat(out.messages).isEqualTo(joined ? List.of("head\n  tail") : List.of("head", "  tail"));
    }

    @Test
    void theContainerValueIgnoresCaseAndAnyOtherValueMeansTheDefault() {
        assertThat(MultilineAdapter.enabledFor(container("c", List.of("LOGSPOUT_MULTILINE=TRUE")), false)).isTrue();
        assertThat(MultilineAdapter.enabledFor(container("c", List.of("LOGSPOUT_MULTILINE=False")), true)).isFalse();
        assertThat(MultilineAdapter.enabledFor(container("c", List.of("LOGSPOUT_MULTILINE=yes")), false)).isFalse();
        assertThat(MultilineAdapter.enabledFor(container("c", List.of("LOGSPOUT_MULTILINE=yes")), true)).isTrue();
        assertThat(MultilineAdapter.enabledFor(container("c", List.of("LOGSPOUT_MULTILINE_X=true", "LOGSPOUT_MULTILINE=false", "LOGSPOUT_MULTILINE=true")), true))
                .as("the first LOGSPOUT_MULTILINE entry decides").isFalse();
    }

    @Test
    void aDisabledContainerPassesStraightThrough() {
        Adapter adapter = adapter(Map.of("MULTILINE_ENABLE_DEFAULT", "false"));
        LogMessage head = line("head");

        adapter.encode(head, out);
        adapter.encode(line("  tail"), out);

        assertThat(out.messages).containsExactly("head", "  tail");
        assertThat(inner.received.getFirst()).isSameAs(head);
    }

    @Test
    void goParseBoolFormsAreAccepted() {
        for (String yes : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertThat(MultilineSettings.read(Config.of(Map.of("MULTILINE_ENABLE_DEFAULT", yes))).enableByDefault()).as(yes).isTrue();
        }
        for (String no : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertThat(MultilineSettings.read(Config.of(Map.of("MULTILINE_ENABLE_DEFAULT", no))).enableByDefault()).as(no).isFalse();
        }
    }

    // Flushing: timer, stopped container, close.

    @Test
    void anEntryIsSentOnceItHasWaitedFlushAfterSinceItsFirstLine() {
        Adapter adapter = adapter(Map.of());
        adapter.encode(line("head"), out); // pending since 1000 ms; the Docker time (epoch 0) plays no part
        clock.set(1_400);
        adapter.encode(line("  more"), out); // a continuation does not restart the wait

        adapter.tick(Instant.ofEpochMilli(1_499), out);
        assertThat(out.messages).isEmpty();

        adapter.tick(Instant.ofEpochMilli(1_500), out);
        assertThat(out.messages).containsExactly("head\n  more");

        adapter.tick(Instant.ofEpochMilli(5_000), out);
        assertThat(out.messages).as("sent once").hasSize(1);
    }

    @Test
    void anEntryOlderThanFlushAfterIsSentAtTheNextTick() {
        Adapter adapter = adapter(Map.of("MULTILINE_FLUSH_AFTER", "200"));
        adapter.encode(line("head"), out);

        adapter.tick(Instant.ofEpochMilli(1_000 + 60_000), out);

        assertThat(out.messages).containsExactly("head");
    }

    @Test
    void eachEntryWaitsFromItsOwnStart() {
        Adapter adapter = adapter(Map.of());
        adapter.encode(line(APP, LogMessage.STDOUT, "app"), out);
        clock.set(1_300);
        adapter.encode(line(DB, LogMessage.STDOUT, "db"), out);

        adapter.tick(Instant.ofEpochMilli(1_500), out);
        assertThat(out.messages).containsExactly("app");

        adapter.tick(Instant.ofEpochMilli(1_799), out);
        assertThat(out.messages).containsExactly("app");
        adapter.tick(Instant.ofEpochMilli(1_800), out);
        assertThat(out.messages).containsExactly("app", "db");
    }

    @Test
    void theTickIntervalIsATenthOfFlushAfterFromOneTo100Millis() {
        assertThat(adapter(Map.of()).tickIntervalMillis()).isEqualTo(50);
        assertThat(adapter(Map.of("MULTILINE_FLUSH_AFTER", "5")).tickIntervalMillis()).isEqualTo(1);
        assertThat(adapter(Map.of("MULTILINE_FLUSH_AFTER", "10000")).tickIntervalMillis()).isEqualTo(100);
        inner.tickInterval = 20;
        assertThat(adapter(Map.of()).tickIntervalMillis()).as("the inner adapter's, if more often").isEqualTo(20);
    }

    @Test
    void aStoppedContainerSendsItsEntriesInTheOrderTheyBegan() {
        Adapter adapter = adapter(Map.of());
        adapter.encode(line(APP, LogMessage.STDERR, "app-err"), out);
        adapter.encode(line(DB, LogMessage.STDOUT, "db-out"), out);
        adapter.encode(line(APP, LogMessage.STDOUT, "app-out"), out);
        adapter.encode(line(APP, LogMessage.STDOUT, "  app-out-2"), out);

        adapter.containerStopped(APP, out);

        assertThat(out.messages).containsExactly("app-err", "app-out\n  app-out-2");
        assertThat(inner.calls).containsExactly("containerStopped /a");
        adapter.close(out);
        assertThat(out.messages).containsExactly("app-err", "app-out\n  app-out-2", "db-out");
    }

    @Test
    void closeSendsEveryEntryInTheOrderTheyBeganThenClosesTheInnerAdapter() {
        Adapter adapter = adapter(Map.of());
        for (String letter : List.of("q", "c", "x", "b", "m")) {
            adapter.encode(line(container(letter, List.of()), LogMessage.STDOUT, letter), out);
        }
        adapter.encode(line(container("q", List.of()), LogMessage.STDOUT, "next-q"), out); // ends q's entry, begins another

        adapter.close(out);

        assertThat(out.messages).containsExactly("q", "c", "x", "b", "m", "next-q");
        assertThat(inner.calls).containsExactly("close");
        adapter.close(out);
        assertThat(out.messages).as("nothing twice").hasSize(6);
    }

    @Test
    void ticksReachTheInnerAdapter() {
        Adapter adapter = adapter(Map.of());
        adapter.tick(Instant.ofEpochMilli(2_000), out);
        assertThat(inner.calls).containsExactly("tick 2000");
    }

    // Streams and messages.

    @Test
    void stdoutAndStderrAreJoinedSeparately() {
        Adapter adapter = adapter(Map.of());
        adapter.encode(line(APP, LogMessage.STDOUT, "out-head"), out);
        adapter.encode(line(APP, LogMessage.STDERR, "err-head"), out);
        adapter.encode(line(APP, LogMessage.STDOUT, "  out-more"), out);
        adapter.encode(line(APP, LogMessage.STDERR, "  err-more"), out);
        adapter.encode(line(APP, LogMessage.STDOUT, "out-next"), out);

        assertThat(out.messages).containsExactly("out-head\n  out-more");
        adapter.close(out);
        assertThat(out.messages).containsExactly("out-head\n  out-more", "err-head\n  err-more", "out-next");
        assertThat(inner.received.get(1).source()).isEqualTo(LogMessage.STDERR);
    }

    @Test
    void aJoinedEntryIsANewMessageWithTheFirstLinesContainerSourceAndTime() {
        Adapter adapter = adapter(Map.of());
        LogMessage head = new LogMessage(APP, LogMessage.STDERR, "head", 111);
        LogMessage tail = new LogMessage(APP, LogMessage.STDERR, "  tail", 222);
        LogMessage single = new LogMessage(DB, LogMessage.STDOUT, "single", 333);

        adapter.encode(head, out);
        adapter.encode(tail, out);
        adapter.encode(single, out);
        adapter.close(out);

        LogMessage joined = inner.received.getFirst();
        assertThat(joined).isNotSameAs(head).isEqualTo(new LogMessage(APP, LogMessage.STDERR, "head\n  tail", 111));
        assertThat(head.data()).as("other routes still see the original line").isEqualTo("head");
        assertThat(tail.data()).isEqualTo("  tail");
        assertThat(inner.received.get(1)).as("a one-line entry is the message itself").isSameAs(single);
    }

    @Test
    void eachEntryIsOneOutputMessage() {
        Adapter adapter = adapter(Map.of());
        adapter.encode(line(APP, LogMessage.STDOUT, "a"), out);
        adapter.encode(line(DB, LogMessage.STDOUT, "b"), out);
        adapter.close(out);

        assertThat(out.endedMessages).isEqualTo(2);
    }

    // The size cap.

    @Test
    void anEntryThatWouldPassMaxBytesIsSentAndTheLineBeginsTheNext() {
        Adapter adapter = adapter(Map.of("MULTILINE_MAX_BYTES", "10"));
        adapter.encode(line("abcd"), out); // 4 bytes
        adapter.encode(line(" efg"), out); // + 1 + 4 = 9
        adapter.encode(line(" h"), out); // + 1 + 2 = 12: too many
        assertThat(out.messages).containsExactly("abcd\n efg");

        adapter.encode(line(" \u00e9\u00e9\u00e9"), out); // " h" (2) + 1 + 7 = 10: still fits
        adapter.encode(line(" i"), out);
        assertThat(out.messages).containsExactly("abcd\n efg", " h\n \u00e9\u00e9\u00e9");

        adapter.close(out);
        assertThat(out.messages).containsExactly("abcd\n efg", " h\n \u00e9\u00e9\u00e9", " i");
    }

    @Test
    void aLineLongerThanMaxBytesIsAnEntryOfItsOwn() {
        assertThat(run(Map.of("MULTILINE_MAX_BYTES", "5"), "0123456789", " a", " b")).containsExactly("0123456789", " a\n b");
    }

    @Test
    void aLineThatNeverEndsIsSentInPiecesOfAtMostMaxBytes() {
        Adapter adapter = adapter(Map.of("MULTILINE_MAX_BYTES", "1024"));
        for (int i = 0; i < 10_000; i++) {
            adapter.encode(line(" continuation line " + i), out);
        }
        adapter.close(out);

        assertThat(out.messages).hasSizeGreaterThan(100)
                .allSatisfy(entry -> assertThat(entry.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024));
        assertThat(String.join("\n", out.messages).lines()).hasSize(10_000).endsWith(" continuation line 9999");
    }

    @Test
    void utf8LengthCountsBytes() {
        assertThat(MultilineAdapter.utf8Length("a\u00e9\u20ac\uD83D\uDE00")).isEqualTo("a\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8).length);
    }

    // Settings and chains.

    @Test
    void invalidSettingsAreRejectedNamingTheVariable() {
        assertRejected(Map.of("MULTILINE_ENABLE_DEFAULT", "yes"), "multiline: invalid value for MULTILINE_ENABLE_DEFAULT (must be true|false): yes");
        assertRejected(Map.of("MULTILINE_PATTERN", "(foo"), "multiline: invalid value for MULTILINE_PATTERN (must be regexp): (foo (Unclosed group)");
        assertRejected(Map.of("MULTILINE_PATTERN", "[[:foo:]]"), "multiline: invalid value for MULTILINE_PATTERN (must be regexp): [[:foo:]] (invalid character class range [:foo:])");
        assertRejected(Map.of("MULTILINE_MATCH", "Middle"), "multiline: invalid value for MULTILINE_MATCH (must be one of first|last|nonfirst|nonlast): middle");
        assertRejected(Map.of("MULTILINE_FLUSH_AFTER", "1s"),
                "multiline: invalid value for multiline_timeout (must be number): 1s; MULTILINE_FLUSH_AFTER is in milliseconds, e.g. MULTILINE_FLUSH_AFTER=500");
        assertRejected(Map.of("MULTILINE_FLUSH_AFTER", "0"), "multiline: invalid value for MULTILINE_FLUSH_AFTER (must be at least 1 millisecond): 0");
        assertRejected(Map.of("MULTILINE_FLUSH_AFTER", "-5"), "multiline: invalid value for MULTILINE_FLUSH_AFTER (must be at least 1 millisecond): -5");
        for (String bad : List.of("0", "-1", "1MB", "2147483648")) {
            assertRejected(Map.of("MULTILINE_MAX_BYTES", bad), "multiline: invalid value for MULTILINE_MAX_BYTES (must be a number of bytes from 1 to 2147483647): " + bad);
        }
    }

    private void assertRejected(Map<String, String> settings, String message) {
        assertThatThrownBy(() -> adapter(settings)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void validSettingsAreRead() {
        MultilineSettings settings = MultilineSettings.read(Config.of(Map.of(
                "MULTILINE_MATCH", "NonLast", "MULTILINE_FLUSH_AFTER", "+750", "MULTILINE_MAX_BYTES", "4096", "MULTILINE_SEPARATOR", "\\n")));
        assertThat(settings.mode()).isEqualTo(MatchMode.NONLAST);
        assertThat(settings.flushAfterMillis()).isEqualTo(750);
        assertThat(settings.maxBytes()).isEqualTo(4096);
        assertThat(settings.separator()).as("no escapes, as in logspout").isEqualTo("\\n");

        MultilineSettings defaults = MultilineSettings.read(Config.of(Map.of("MULTILINE_PATTERN", "", "MULTILINE_MATCH", "")));
        assertThat(defaults).extracting(MultilineSettings::enableByDefault, s -> s.pattern().pattern(), MultilineSettings::separator, MultilineSettings::mode,
                MultilineSettings::flushAfterMillis, MultilineSettings::maxBytes)
                .containsExactly(true, "^\\s", "\n", MatchMode.NONFIRST, 500L, 1 << 20);
    }

    @Test
    void withoutASubAdapterTheRouteIsRejectedWithLogspoutsMessage() {
        assertThatThrownBy(() -> new MultilineAdapterFactory().create(context(Map.of(), "")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("multiline: adapter must have a sub-adapter, eg: multiline+raw+tcp");
    }

    @ParameterizedTest
    @CsvSource({"tcp", "raw+tcp", "syslog+tls", "raw"})
    void theRestOfTheChainIsTheInnerAdapter(String chain) {
        FakeAdapterContext context = context(Map.of(), chain);
        new MultilineAdapterFactory().create(context);
        assertThat(context.created()).containsExactly(chain);
    }

    @Test
    void theFactoryIsNamedMultiline() {
        assertThat(new MultilineAdapterFactory().name()).isEqualTo("multiline");
    }

    /** Writes {@code data + "\n"} and records what it was given. */
    static final class FakeInner implements Adapter {
        final List<LogMessage> received = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        long tickInterval;

        @Override
        public void encode(LogMessage message, Output out) {
            received.add(message);
            out.writeUtf8(message.data()).writeByte('\n');
        }

        @Override
        public long tickIntervalMillis() {
            return tickInterval;
        }

        @Override
        public void tick(Instant now, Output out) {
            calls.add("tick " + now.toEpochMilli());
        }

        @Override
        public void containerStopped(ContainerInfo container, Output out) {
            calls.add("containerStopped " + container.name());
        }

        @Override
        public void close(Output out) {
            calls.add("close");
        }
    }

    /** Splits what the adapter writes at {@code endMessage()}, without the inner adapter's {@code \n}. */
    static final class Messages implements Output {
        final List<String> messages = new ArrayList<>();
        int endedMessages;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public Output write(byte[] bytes, int offset, int length) {
            current.write(bytes, offset, length);
            return this;
        }

        @Override
        public Output writeByte(int b) {
            current.write(b);
            return this;
        }

        @Override
        public void endMessage() {
            if (current.size() == 0) {
                return;
            }
            String message = current.toString(StandardCharsets.UTF_8);
            assertThat(message).as("one entry per message").endsWith("\n");
            messages.add(message.substring(0, message.length() - 1));
            endedMessages++;
            current.reset();
        }
    }

    static final class ManualClock implements InstantSource {
        private long millis;

        ManualClock(long millis) {
            this.millis = millis;
        }

        void set(long newMillis) {
            millis = newMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
