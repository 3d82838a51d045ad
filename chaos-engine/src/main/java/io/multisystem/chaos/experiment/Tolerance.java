package io.multisystem.chaos.experiment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a probe's output is acceptable (Chaos Toolkit's tolerances, plus a baseline band). Outputs are JSON values; an
 * HTTP probe's output is {@code {status, body}} and a command's {@code {exit_code, stdout, stderr}}: numeric
 * tolerances look at the status / exit code, text tolerances at the body / stdout, unless a {@code target} field names
 * another member.
 */
public sealed interface Tolerance {
    JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Whether {@code output} is acceptable.
     *
     * @param baseline this probe's output in the steady-state check before the method, or null before it is known
     */
    boolean accepts(JsonNode output, JsonNode baseline);

    /** A human description, for plans and journals. */
    String describe();

    /** Whether it needs a baseline (captured in the first steady-state check). */
    default boolean needsBaseline() {
        return false;
    }

    /** The output equals {@code expected} (a literal in the document: number, string or boolean). */
    record Exact(JsonNode expected) implements Tolerance {
        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode actual = expected.isNumber() ? number(output, null) : text(output, null);
            if (actual == null) {
                return false;
            }
            if (expected.isNumber() && actual.isNumber()) {
                return actual.doubleValue() == expected.doubleValue();
            }
            if (expected.isBoolean()) {
                return actual.isBoolean() ? actual.booleanValue() == expected.booleanValue()
                        : asString(actual).equals(String.valueOf(expected.booleanValue()));
            }
            return asString(actual).equals(asString(expected));
        }

        public String describe() {
            return "== " + expected;
        }
    }

    /** The numeric output lies in [from, to]. */
    record Range(double from, double to, String target) implements Tolerance {
        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode n = number(output, target);
            return n != null && n.isNumber() && n.doubleValue() >= from && n.doubleValue() <= to;
        }

        public String describe() {
            return "in [" + from + ", " + to + "]";
        }
    }

    /** The text output contains a match of the pattern. */
    record Regex(Pattern pattern, String target) implements Tolerance {
        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode t = text(output, target);
            return t != null && pattern.matcher(asString(t)).find();
        }

        public String describe() {
            return "matches /" + pattern.pattern() + "/";
        }
    }

    /**
     * The text output parsed as JSON has a value at {@code path} ({@code $.a.b[0]}); with {@code expect}, equal to it.
     */
    record JsonPath(String path, JsonNode expect, String target) implements Tolerance {
        private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]|\\['([^']*)']");

        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode t = text(output, target);
            JsonNode doc;
            if (t == null) {
                return false;
            }
            if (t.isString()) {
                try {
                    doc = JSON.readTree(t.stringValue());
                } catch (RuntimeException e) {
                    return false;
                }
            } else {
                doc = t;
            }
            JsonNode found = select(doc, path);
            if (found == null || found.isMissingNode()) {
                return false;
            }
            if (expect == null) {
                return true;
            }
            if (expect.isNumber() && found.isNumber()) {
                return expect.doubleValue() == found.doubleValue();
            }
            return asString(expect).equals(asString(found));
        }

        /** The node at a simple JSONPath ({@code $}, {@code .field}, {@code [index]}, {@code ['field']}), or null. */
        static JsonNode select(JsonNode doc, String path) {
            if (!path.startsWith("$")) {
                return null;
            }
            Matcher m = STEP.matcher(path);
            int at = 1;
            JsonNode node = doc;
            while (at < path.length()) {
                if (!m.find(at) || m.start() != at || node == null) {
                    return null;
                }
                if (m.group(2) != null) {
                    node = node.get(Integer.parseInt(m.group(2)));
                } else {
                    node = node.get(m.group(1) != null ? m.group(1) : m.group(3));
                }
                at = m.end();
            }
            return node;
        }

        static boolean isValidPath(String path) {
            if (!path.startsWith("$")) {
                return false;
            }
            Matcher m = STEP.matcher(path);
            int at = 1;
            while (at < path.length()) {
                if (!m.find(at) || m.start() != at) {
                    return false;
                }
                at = m.end();
            }
            return true;
        }

        public String describe() {
            return "json " + path + (expect == null ? " exists" : " == " + expect);
        }
    }

    /**
     * The numeric output stays within a band around the baseline captured before the method:
     * {@code |value - baseline| <= band * |baseline| + delta}.
     */
    record Baseline(double band, double delta, String target) implements Tolerance {
        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode n = number(output, target);
            if (n == null || !n.isNumber()) {
                return false;
            }
            if (baseline == null) {
                return true;
            }
            JsonNode b = number(baseline, target);
            if (b == null || !b.isNumber()) {
                return false;
            }
            return Math.abs(n.doubleValue() - b.doubleValue()) <= band * Math.abs(b.doubleValue()) + delta;
        }

        public boolean needsBaseline() {
            return true;
        }

        public String describe() {
            return "within " + (band * 100) + "% (+/- " + delta + ") of the baseline";
        }
    }

    private static JsonNode member(JsonNode output, String target, String numericDefault, String textDefault,
                                   boolean numeric) {
        if (output == null) {
            return null;
        }
        if (target != null) {
            return output.get(target);
        }
        if (output.isObject()) {
            String key = numeric ? numericDefault(output) : textDefault(output);
            return key == null ? output : output.get(key);
        }
        return output;
    }

    private static String numericDefault(JsonNode output) {
        return output.has("status") ? "status" : output.has("exit_code") ? "exit_code" : null;
    }

    private static String textDefault(JsonNode output) {
        return output.has("body") ? "body" : output.has("stdout") ? "stdout" : null;
    }

    private static JsonNode number(JsonNode output, String target) {
        JsonNode n = member(output, target, null, null, true);
        if (n != null && n.isString()) {
            try {
                return JSON.getNodeFactory().numberNode(Double.parseDouble(n.stringValue().trim()));
            } catch (NumberFormatException e) {
                return n;
            }
        }
        return n;
    }

    private static JsonNode text(JsonNode output, String target) {
        return member(output, target, null, null, false);
    }

    private static String asString(JsonNode node) {
        return node.isString() ? node.stringValue() : node.toString();
    }
}
