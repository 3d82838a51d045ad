package io.multisystem.pipeline.definition;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a definition tree and collects every problem with its path ({@code sources.orders.path},
 * {@code transforms[2].expr}) instead of stopping at the first. Not thread-safe; one per compilation.
 */
final class DefinitionReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final List<FieldViolation> violations = new ArrayList<>();

    void problem(String path, String message) {
        violations.add(new FieldViolation(path, message));
    }

    void addAll(List<FieldViolation> more) {
        violations.addAll(more);
    }

    boolean hasProblems() {
        return !violations.isEmpty();
    }

    int problemCount() {
        return violations.size();
    }

    /** Throws {@code PIPELINE_INVALID} with every problem collected so far, if any. */
    void throwIfProblems() {
        if (!violations.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "PIPELINE_INVALID", List.copyOf(violations));
        }
    }

    /** The value as a mapping with string keys, or {@code null} (with a problem) when it is not one. */
    Map<String, Object> mapping(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        problem(path, value == null ? "is required (a mapping)" : "must be a mapping, found " + describe(value));
        return null;
    }

    List<Object> list(Object value, String path) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        problem(path, value == null ? "is required (a list)" : "must be a list, found " + describe(value));
        return null;
    }

    /** Reports keys of {@code map} not in {@code allowed} (typos). */
    void onlyKeys(Map<String, Object> map, String path, Set<String> allowed) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problem(join(path, key), "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    String requiredString(Map<String, Object> map, String key, String path) {
        Object v = map.get(key);
        if (v == null) {
            problem(join(path, key), "is required");
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            problem(join(path, key), "must be a text value, found " + describe(v));
            return null;
        }
        String s = v.toString();
        if (s.isBlank()) {
            problem(join(path, key), "must not be empty");
            return null;
        }
        return s;
    }

    String optionalString(Map<String, Object> map, String key, String path, String fallback) {
        return map.containsKey(key) ? requiredString(map, key, path) : fallback;
    }

    boolean optionalBoolean(Map<String, Object> map, String key, String path, boolean fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(join(path, key), "must be true or false, found " + describe(v));
        return fallback;
    }

    Integer optionalInt(Map<String, Object> map, String key, String path, int fallback, int min, int max) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        problem(join(path, key), "must be a whole number from " + min + " to " + max + ", found " + describe(v));
        return fallback;
    }

    /** A duration: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}, ISO-8601 {@code PT5S}, or ms. */
    Duration optionalDuration(Map<String, Object> map, String key, String path, Duration fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        Duration d = parseDuration(v);
        if (d == null || d.isNegative()) {
            problem(join(path, key), "must be a duration such as 500ms, 5s, 1m, 2h, 1d or PT5S, found "
                    + describe(v));
            return fallback;
        }
        return d;
    }

    Duration requiredDuration(Map<String, Object> map, String key, String path) {
        if (map.get(key) == null) {
            problem(join(path, key), "is required (a duration such as 10s or 1m)");
            return null;
        }
        return optionalDuration(map, key, path, null);
    }

    static Duration parseDuration(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return Duration.ofMillis(((Number) v).longValue());
        }
        if (!(v instanceof String s)) {
            return null;
        }
        String t = s.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
