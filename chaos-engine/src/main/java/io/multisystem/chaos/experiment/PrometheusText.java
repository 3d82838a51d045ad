package io.multisystem.chaos.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads samples from the Prometheus text exposition format 0.0.4 (also what OpenMetrics text looks like for
 * counters and gauges): {@code name{label="value",...} value [timestamp]}, comments and blank lines skipped, label
 * values with {@code \\}, {@code \"} and {@code \n} escapes. Only what a probe needs: the sum of one metric's samples
 * whose labels include a given set.
 */
final class PrometheusText {
    private PrometheusText() {
    }

    /** The sum over matching samples, or empty if none match. */
    static OptionalDouble sum(String text, String metric, Map<String, String> labels) {
        double total = 0;
        boolean found = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int at = metric.length();
            if (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ' && line.charAt(at) != '\t') {
                continue;
            }
            Map<String, String> sampleLabels = new LinkedHashMap<>();
            if (at < line.length() && line.charAt(at) == '{') {
                at = parseLabels(line, at + 1, sampleLabels);
                if (at < 0) {
                    continue;
                }
            }
            String[] rest = line.substring(at).trim().split("\\s+");
            if (rest.length == 0 || rest[0].isEmpty()) {
                continue;
            }
            boolean matches = true;
            for (Map.Entry<String, String> wanted : labels.entrySet()) {
                if (!wanted.getValue().equals(sampleLabels.get(wanted.getKey()))) {
                    matches = false;
                    break;
                }
            }
            if (!matches) {
                continue;
            }
            double value = parseValue(rest[0]);
            if (!Double.isNaN(value)) {
                total += value;
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    private static double parseValue(String s) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
        }
    }

    /** Parses {@code a="x",b="y"}} starting after the brace; returns the index after the closing brace, or -1. */
    private static int parseLabels(String line, int at, Map<String, String> out) {
        int i = at;
        while (i < line.length()) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String name = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length(); j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            out.put(name, value.toString());
            i = j + 1;
        }
        return -1;
    }
}
