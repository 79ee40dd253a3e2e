package io.logspout.metrics;

import io.logspout.core.testing.ServedLogspout;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One answer of {@code /metrics} in the Prometheus text format, read into samples: enough to look
 * values up by name and labels (label values here never hold quotes or commas).
 */
record Scrape(String text, List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** {@code GET /metrics} of {@code logspout} in the Prometheus text format, read. */
    static Scrape of(ServedLogspout logspout) {
        HttpResponse<String> response = logspout.get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return new Scrape(text, samples);
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels} (name, value, ...). */
    Optional<Double> value(String name, String... labels) {
        List<Double> found = samples.stream()
                .filter(sample -> sample.name().equals(name) && hasLabels(sample, labels))
                .map(Sample::value)
                .toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + String.join(",", labels) + " in\n" + text);
        }
        return found.stream().findFirst();
    }

    /** The value that must be there. */
    double get(String name, String... labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + String.join(",", labels) + " in\n" + text));
    }

    /** Whether any sample carries label {@code label} with {@code value}. */
    boolean anyWithLabel(String label, String value) {
        return samples.stream().anyMatch(sample -> value.equals(sample.labels().get(label)));
    }

    private static boolean hasLabels(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
