package io.friendchat.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.friendchat.server.web.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scrape parsed by the official Prometheus Python client's text-format parser (Debian's
 * {@code python3-prometheus-client}, which ./test.sh installs), through
 * {@code src/test/python/parse_metrics.py}. When the parser is missing the test fails; it is
 * never skipped.
 */
final class PrometheusText {
    private static final Path SCRIPT = Path.of("src", "test", "python", "parse_metrics.py");
    /** Debian's interpreter, where its python3-prometheus-client package installs. */
    private static final String PYTHON = "/usr/bin/python3";

    private final JsonNode families;

    private PrometheusText(JsonNode families) {
        this.families = families;
    }

    static PrometheusText parse(String exposition) throws Exception {
        File in = File.createTempFile("scrape", ".txt");
        File out = File.createTempFile("scrape", ".json");
        File err = File.createTempFile("scrape", ".err");
        try {
            Files.writeString(in.toPath(), exposition, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PYTHON, SCRIPT.toString())
                    .redirectInput(in)
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the Prometheus parser did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("the Prometheus text-format parser refused the scrape (is Debian's "
                        + "python3-prometheus-client installed? ./test.sh installs it): "
                        + Files.readString(err.toPath()));
            }
            return new PrometheusText(Json.MAPPER.readTree(out));
        } finally {
            Files.deleteIfExists(in.toPath());
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    /** The family's type as the parser read it from {@code # TYPE}, or null when there is no such family. */
    String type(String family) {
        for (JsonNode f : families) {
            if (f.path("name").asText().equals(family)) {
                return f.path("type").asText();
            }
        }
        return null;
    }

    /** The value of the one sample with this name and these labels (others ignored); fails when absent. */
    double value(String sample, Map<String, String> labels) {
        for (JsonNode f : families) {
            for (JsonNode s : f.path("samples")) {
                if (s.path("name").asText().equals(sample) && hasLabels(s.path("labels"), labels)) {
                    JsonNode v = s.path("value");
                    return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
                }
            }
        }
        throw new AssertionError("no sample " + sample + labels + " in the scrape");
    }

    double value(String sample) {
        return value(sample, Map.of());
    }

    /** How many samples have this name (for example the buckets of a histogram). */
    int count(String sample, Map<String, String> labels) {
        int n = 0;
        for (JsonNode f : families) {
            for (JsonNode s : f.path("samples")) {
                if (s.path("name").asText().equals(sample) && hasLabels(s.path("labels"), labels)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean hasLabels(JsonNode actual, Map<String, String> wanted) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(actual.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
