package io.multisystem.chaos.experiment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
     * Chaos Toolkit's {@code jsonpath} tolerance: the text output (or a JSON output) is parsed as JSON and the
     * JSONPath {@code path} is evaluated on it (Jayway JsonPath: {@code $}, {@code .field}, {@code ['field']},
     * {@code [index]} and negative indexes, {@code [start:end]} slices, {@code [a,b]} unions, {@code *} wildcards,
     * {@code ..} deep scan, {@code [?(@.x > 1 && @.y == 'ok')]} filters with {@code ==, !=, <, <=, >, >=, =~, in,
     * nin, size, empty}, and functions like {@code length()}).
     *
     * <p>Met when: with {@code count}, exactly that many values match; with {@code expect} a list, the matched values
     * are that list, in order (Chaos Toolkit compares the list of matches); with any other {@code expect}, at least
     * one value matches and every match equals it (so {@code $.checks[*].state} with {@code expect: ok} means "all
     * ok"); with neither, at least one value matches. Numbers compare by value, so {@code 1} equals {@code 1.0}.
     * Output that is not JSON, or a path that matches nothing, is not met.
     *
     * @param count number of matches required, or null
     */
    record JsonPath(String path, JsonNode expect, Integer count, String target) implements Tolerance {
        private static final com.jayway.jsonpath.Configuration EVALUATION = com.jayway.jsonpath.Configuration.builder()
                .jsonProvider(new com.jayway.jsonpath.spi.json.JsonSmartJsonProvider())
                .mappingProvider(new com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider())
                .options(com.jayway.jsonpath.Option.ALWAYS_RETURN_LIST, com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS)
                .build();
        /** For paths ending in a function ({@code length()}), which Jayway does not evaluate as lists. */
        private static final com.jayway.jsonpath.Configuration SINGLE_VALUE = EVALUATION.setOptions(
                com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS);

        /**
         * @throws IllegalArgumentException if {@code path} is not a JSONPath starting at the root ({@code $}); the
         *                                  message says what is wrong
         */
        public JsonPath {
            compile(path);
            if (count != null && count < 0) {
                throw new IllegalArgumentException("count must be >= 0, was " + count);
            }
        }

        /**
         * The compiled path.
         *
         * @throws IllegalArgumentException if it is not a valid JSONPath starting at {@code $}
         */
        static com.jayway.jsonpath.JsonPath compile(String path) {
            if (path == null || !path.startsWith("$")) {
                throw new IllegalArgumentException("must start at the document root '$', like $.status or "
                        + "$.items[0].name");
            }
            String unbalanced = unbalanced(path);
            if (unbalanced != null) {
                throw new IllegalArgumentException("is not a valid JSONPath: " + unbalanced);
            }
            try {
                return com.jayway.jsonpath.JsonPath.compile(path);
            } catch (com.jayway.jsonpath.InvalidPathException | IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a valid JSONPath: " + e.getMessage(), e);
            }
        }

        /**
         * Jayway drops an unclosed trailing {@code [} and reads a stray {@code ]} as part of a name, so brackets and
         * parentheses are checked first (outside quoted names and {@code /regex/} literals). Returns the problem, or
         * null if they balance.
         */
        private static String unbalanced(String path) {
            java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
            char quote = 0;
            boolean regex = false;
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (quote != 0 || regex) {
                    char end = regex ? '/' : quote;
                    if (c == '\\') {
                        i++;
                    } else if (c == end) {
                        quote = 0;
                        regex = false;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '/' && path.substring(0, i).stripTrailing().endsWith("=~")) {
                    regex = true;
                } else if (c == '[' || c == '(') {
                    open.push(c);
                } else if (c == ']' || c == ')') {
                    char expected = c == ']' ? '[' : '(';
                    if (open.isEmpty() || open.pop() != expected) {
                        return "'" + c + "' at position " + i + " closes nothing";
                    }
                }
            }
            if (quote != 0 || regex) {
                return (regex ? "a /regex/" : "a quoted name") + " is not closed";
            }
            return open.isEmpty() ? null : "'" + open.peek() + "' is not closed";
        }

        static boolean isValidPath(String path) {
            try {
                compile(path);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        public boolean accepts(JsonNode output, JsonNode baseline) {
            JsonNode t = text(output, target);
            if (t == null) {
                return false;
            }
            JsonNode doc;
            if (t.isString()) {
                try {
                    doc = JSON.readTree(t.stringValue());
                } catch (RuntimeException e) {
                    return false;
                }
            } else {
                doc = t;
            }
            java.util.List<JsonNode> found = select(doc, path);
            if (count != null && found.size() != count) {
                return false;
            }
            if (expect == null) {
                return count != null || !found.isEmpty();
            }
            if (expect.isArray()) {
                if (expect.size() != found.size()) {
                    return false;
                }
                for (int i = 0; i < found.size(); i++) {
                    if (!same(expect.get(i), found.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            if (found.isEmpty()) {
                return false;
            }
            for (JsonNode value : found) {
                if (!same(expect, value)) {
                    return false;
                }
            }
            return true;
        }

        /** Every value {@code path} matches in {@code doc}, in document order (empty if none). */
        static java.util.List<JsonNode> select(JsonNode doc, String path) {
            Object document = JSON.convertValue(doc, Object.class);
            com.jayway.jsonpath.JsonPath compiled = compile(path);
            Object result = compiled.read(document, EVALUATION);
            if (result == null) {
                result = compiled.read(document, SINGLE_VALUE); // a function such as length(): one value, or null
                if (result == null) {
                    return java.util.List.of();
                }
                return java.util.List.of(JSON.valueToTree(result));
            }
            java.util.List<JsonNode> values = new java.util.ArrayList<>();
            if (result instanceof java.util.List<?> list) {
                for (Object item : list) {
                    values.add(JSON.valueToTree(item));
                }
            } else if (result != null) {
                values.add(JSON.valueToTree(result));
            }
            return values;
        }

        private static boolean same(JsonNode expected, JsonNode actual) {
            if (expected.isNumber() && actual.isNumber()) {
                return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
            }
            if (expected.isContainer() || actual.isContainer()) {
                return expected.equals(actual);
            }
            return asString(expected).equals(asString(actual));
        }

        public String describe() {
            String condition = count != null ? " matches " + count + " value(s)" : "";
            if (expect != null) {
                condition += (condition.isEmpty() ? "" : " and") + (expect.isArray() ? " == " : " all == ") + expect;
            }
            return "json " + path + (condition.isEmpty() ? " exists" : condition);
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
