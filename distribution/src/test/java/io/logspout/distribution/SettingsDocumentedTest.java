package io.logspout.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every setting that logspout's code reads is documented: each {@code "UPPER_CASE"} string in
 * the main code of the project's modules (and each {@code ${NAME}} in their configuration files)
 * must appear in a code span of some README or guide, e.g. in a settings table as
 * {@code `ROUTE_STALL_TIMEOUT`}. A new setting fails this test until it is documented.
 */
class SettingsDocumentedTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JAVA_NAME = Pattern.compile("\"([A-Z][A-Z0-9_]{2,})\"");
    private static final Pattern CONFIG_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]{2,})");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
    /** Upper-case strings in main code that are not settings: table headings, key and cipher names, zones. */
    private static final Set<String> NOT_SETTINGS = Set.of(
            "ADDRESS", "CONTAINERS", "OPTIONS", "SOURCES", // the banner's routes table
            "ASCII", "ED25519", "ENCRYPTED", "PKCS12", "RSA", "TLS", "HTTPS", // key, file and protocol names
            "FALSE", "GMT", "UTC"); // Go's boolean and time zone spellings
    /** Code that is not logspout's: test fixtures and benchmarks read variables of their own. */
    private static final Set<String> NOT_SHIPPED = Set.of("test-support", "bench", "target");

    @Test
    void everySettingTheCodeReadsIsInADocument() throws IOException {
        Map<String, String> settings = settingsReadByTheCode();
        Set<String> documented = wordsInCodeSpans();

        assertThat(settings).as("settings found (the scan works)").containsKeys("ROUTE_URIS", "PORT", "ROUTE_STALL_TIMEOUT");
        Map<String, String> undocumented = new TreeMap<>(settings);
        undocumented.keySet().removeAll(documented);
        assertThat(undocumented)
                .as("settings read by the code (name=where) that no README or guide names in `code`: document each with its"
                        + " default and meaning, or add a string that is not a setting to NOT_SETTINGS here")
                .isEmpty();
    }

    /** Each setting with the first file that reads it. */
    private static Map<String, String> settingsReadByTheCode() throws IOException {
        Map<String, String> settings = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> ROOT.relativize(file).toString().contains("src/main/"))
                    .filter(file -> Stream.of(ROOT.relativize(file).toString().split("/")).noneMatch(NOT_SHIPPED::contains))
                    .forEach(file -> {
                        String name = file.getFileName().toString();
                        Pattern pattern = name.endsWith(".java") ? JAVA_NAME : name.endsWith(".xml") ? CONFIG_VARIABLE : null;
                        if (pattern != null) {
                            Matcher matcher = pattern.matcher(read(file));
                            while (matcher.find()) {
                                if (!NOT_SETTINGS.contains(matcher.group(1))) {
                                    settings.putIfAbsent(matcher.group(1), ROOT.relativize(file).toString());
                                }
                            }
                        }
                    });
        }
        return settings;
    }

    /** The upper-case words in the code spans of every Markdown file. */
    private static Set<String> wordsInCodeSpans() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .filter(file -> Stream.of(ROOT.relativize(file).toString().split("/")).noneMatch("target"::equals))
                    .flatMap(file -> CODE_SPAN.matcher(read(file)).results().map(span -> span.group(1)))
                    .flatMap(span -> Pattern.compile("[A-Z][A-Z0-9_]{2,}").matcher(span).results().map(word -> word.group()))
                    .collect(Collectors.toSet());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
