package io.multisystem.ledger.scenario;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.ledger.decision.LedgerErrors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads CrowdSec scenario files (YAML; several scenarios per file separated by {@code ---}, as on the hub).
 *
 * <p>Design: the file is composed into SnakeYAML nodes (not bound to objects) so every field keeps its line; each
 * document is checked field by field and every expression is compiled at load, so a typo in a field name, a bad
 * duration or an expression syntax error is reported as {@code file:line field: problem} before any event is
 * processed. Fields the hub uses that do not change bucket semantics here ({@code format}, {@code debug},
 * {@code references}, {@code reprocess}, {@code cache_size}, {@code data}, {@code overflow_filter},
 * {@code cancel_on}, {@code version}, {@code author}) are accepted and ignored; any other unknown field is an error.
 * Rules, as CrowdSec applies them: {@code name}, {@code type} and {@code filter} are required; {@code leaky} needs
 * {@code capacity} (&gt;= 0) and {@code leakspeed}; {@code counter} needs {@code duration} and
 * {@code capacity: -1}; {@code conditional} needs {@code condition} and {@code leakspeed}; {@code trigger} has
 * capacity 0.
 */
public final class ScenarioLoader {
    private static final Set<String> KNOWN = Set.of("type", "name", "description", "filter", "groupby", "distinct",
            "capacity", "leakspeed", "duration", "blackhole", "labels", "scope", "condition");
    private static final Set<String> IGNORED = Set.of("format", "debug", "references", "reprocess", "cache_size",
            "data", "overflow_filter", "cancel_on", "version", "author", "ignore_on_error");

    private ScenarioLoader() {
    }

    /**
     * Loads every scenario of a file, or of every {@code .yaml}/{@code .yml} file of a directory (sorted by name).
     *
     * @throws InvalidInputException (SCENARIO_INVALID) naming file, line and field
     */
    public static List<Scenario> load(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            } catch (IOException e) {
                throw error(path.toString(), 0, "file", "cannot list directory: " + e.getMessage());
            }
            List<Scenario> out = new ArrayList<>();
            files.forEach(f -> out.addAll(load(f)));
            return out;
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw error(path.toString(), 0, "file", "no such scenario file");
        } catch (IOException e) {
            throw error(path.toString(), 0, "file", "cannot read: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    /** Parses scenario YAML text; {@code file} names it in messages. */
    public static List<Scenario> parse(String file, String text) {
        List<Scenario> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = new StringReader(text)) {
            for (Node doc : new Yaml(options).composeAll(r)) {
                if (doc == null) {
                    continue;
                }
                Scenario s = scenario(file, doc);
                if (!names.add(s.name())) {
                    throw error(file, s.line(), "name", "scenario '" + s.name() + "' is defined twice");
                }
                out.add(s);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw error(file, line, "yaml", e.getProblem());
        } catch (YAMLException e) {
            throw error(file, 0, "yaml", e.getMessage());
        } catch (IOException e) {
            throw error(file, 0, "file", e.getMessage());
        }
        if (out.isEmpty()) {
            throw error(file, 1, "file", "contains no scenario");
        }
        return out;
    }

    private static Scenario scenario(String file, Node doc) {
        int docLine = line(doc);
        if (!(doc instanceof MappingNode map)) {
            throw error(file, docLine, "document", "a scenario must be a YAML mapping of fields");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(file, line(t.getKeyNode()), "document", "field names must be plain words");
            }
            String key = k.getValue();
            if (!KNOWN.contains(key) && !IGNORED.contains(key)) {
                throw error(file, line(k), key, "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
            }
            fields.put(key, t.getValueNode());
        }
        String name = requiredString(file, docLine, fields, "name");
        String typeText = requiredString(file, docLine, fields, "type");
        Scenario.BucketType type;
        try {
            type = Scenario.BucketType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(file, line(fields.get("type")), "type", "'" + typeText
                    + "' is not a bucket type (leaky, trigger, counter, conditional)");
        }
        Expr filter = expr(file, docLine, fields, "filter", true);
        Expr groupBy = expr(file, docLine, fields, "groupby", false);
        Expr distinct = expr(file, docLine, fields, "distinct", false);
        Expr condition = expr(file, docLine, fields, "condition", type == Scenario.BucketType.CONDITIONAL);
        if (condition != null && type != Scenario.BucketType.CONDITIONAL) {
            throw error(file, line(fields.get("condition")), "condition", "only conditional buckets take a condition");
        }
        Integer capacity = integer(file, fields, "capacity");
        Duration leak = duration(file, fields, "leakspeed");
        Duration duration = duration(file, fields, "duration");
        Duration blackhole = duration(file, fields, "blackhole");
        int cap;
        switch (type) {
            case LEAKY -> {
                if (capacity == null) {
                    throw error(file, docLine, "capacity", "a leaky bucket needs a capacity (events before overflow)");
                }
                if (capacity < 0) {
                    throw error(file, line(fields.get("capacity")), "capacity", "must be >= 0 for a leaky bucket, not " + capacity);
                }
                if (leak == null) {
                    throw error(file, docLine, "leakspeed", "a leaky bucket needs a leakspeed (e.g. 10s)");
                }
                cap = capacity;
            }
            case TRIGGER -> {
                if (capacity != null && capacity != 0) {
                    throw error(file, line(fields.get("capacity")), "capacity", "a trigger bucket has no capacity (it overflows on every event)");
                }
                cap = 0;
            }
            case COUNTER -> {
                if (duration == null) {
                    throw error(file, docLine, "duration", "a counter bucket needs a duration (the counting window)");
                }
                if (capacity == null || capacity != -1) {
                    throw error(file, fields.containsKey("capacity") ? line(fields.get("capacity")) : docLine, "capacity",
                            "a counter bucket needs capacity: -1");
                }
                cap = -1;
            }
            default -> {
                if (leak == null) {
                    throw error(file, docLine, "leakspeed", "a conditional bucket needs a leakspeed");
                }
                if (capacity != null && capacity != -1) {
                    throw error(file, line(fields.get("capacity")), "capacity", "a conditional bucket needs capacity: -1 (or none)");
                }
                cap = -1;
            }
        }
        if (leak != null && (leak.isZero() || leak.isNegative())) {
            throw error(file, line(fields.get("leakspeed")), "leakspeed", "must be positive");
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw error(file, line(fields.get("duration")), "duration", "must be positive");
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        if (fields.containsKey("labels")) {
            Object l = plain(fields.get("labels"));
            if (!(l instanceof Map<?, ?> m)) {
                throw error(file, line(fields.get("labels")), "labels", "must be a mapping of label names to values");
            }
            m.forEach((k, v) -> labels.put(String.valueOf(k), v));
        }
        String scopeType = "Ip";
        Expr scopeExpr = null;
        if (fields.containsKey("scope")) {
            Node scope = fields.get("scope");
            if (!(scope instanceof MappingNode sm)) {
                throw error(file, line(scope), "scope", "must be a mapping with type and expression");
            }
            Map<String, Node> sf = new LinkedHashMap<>();
            for (NodeTuple t : sm.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw error(file, line(t.getKeyNode()), "scope", "field names must be plain words");
                }
                String k = keyNode.getValue();
                if (!k.equals("type") && !k.equals("expression")) {
                    throw error(file, line(t.getKeyNode()), "scope." + k, "unknown field (known: type, expression)");
                }
                sf.put(k, t.getValueNode());
            }
            if (sf.containsKey("type")) {
                scopeType = scalar(file, sf.get("type"), "scope.type");
                if (!scopeType.matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
                    throw error(file, line(sf.get("type")), "scope.type", "'" + scopeType + "' is not a scope word (Ip, Range, ...)");
                }
            }
            if (sf.containsKey("expression")) {
                scopeExpr = compile(file, sf.get("expression"), "scope.expression");
            }
        }
        String description = fields.containsKey("description") ? scalar(file, fields.get("description"), "description") : "";
        return new Scenario(file, docLine, name, description, type, filter, groupBy, distinct, condition, cap,
                leak, duration, blackhole == null ? Duration.ZERO : blackhole, Map.copyOf(labels), scopeType, scopeExpr);
    }

    private static String requiredString(String file, int docLine, Map<String, Node> fields, String field) {
        Node n = fields.get(field);
        if (n == null) {
            throw error(file, docLine, field, "is required");
        }
        String s = scalar(file, n, field);
        if (s.isBlank()) {
            throw error(file, line(n), field, "must not be empty");
        }
        return s.strip();
    }

    private static String scalar(String file, Node n, String field) {
        if (!(n instanceof ScalarNode s)) {
            throw error(file, line(n), field, "must be a single value, not a list or mapping");
        }
        return s.getValue();
    }

    private static Expr expr(String file, int docLine, Map<String, Node> fields, String field, boolean required) {
        Node n = fields.get(field);
        if (n == null) {
            if (required) {
                throw error(file, docLine, field, "is required");
            }
            return null;
        }
        return compile(file, n, field);
    }

    private static Expr compile(String file, Node n, String field) {
        String text = scalar(file, n, field);
        if (text.isBlank()) {
            throw error(file, line(n), field, "must not be empty");
        }
        try {
            return Expr.compile(text);
        } catch (Expr.SyntaxException e) {
            throw error(file, line(n), field, "expression error: " + e.getMessage() + " in: " + text.strip());
        }
    }

    private static Integer integer(String file, Map<String, Node> fields, String field) {
        Node n = fields.get(field);
        if (n == null) {
            return null;
        }
        String s = scalar(file, n, field).strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(file, line(n), field, "'" + s + "' is not an integer");
        }
    }

    private static Duration duration(String file, Map<String, Node> fields, String field) {
        Node n = fields.get(field);
        if (n == null) {
            return null;
        }
        String s = scalar(file, n, field).strip();
        Duration d = GoDuration.parse(s);
        if (d == null) {
            throw error(file, line(n), field, "'" + s + "' is not a duration (Go syntax: 10s, 1m30s, 500ms, 4h)");
        }
        return d;
    }

    private static Object plain(Node n) {
        if (n instanceof ScalarNode s) {
            String v = s.getValue();
            String tag = s.getTag().getValue();
            if (tag.endsWith(":bool")) {
                return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
            }
            if (tag.endsWith(":int") || tag.endsWith(":float")) {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            return v;
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(x -> out.add(plain(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            out.put(String.valueOf(plain(t.getKeyNode())), plain(t.getValueNode()));
        }
        return out;
    }

    private static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    static InvalidInputException error(String file, int line, String field, String problem) {
        String where = file + (line > 0 ? ":" + line : "");
        return new InvalidInputException(LedgerErrors.COMPONENT, LedgerErrors.SCENARIO_INVALID,
                "invalid scenario " + where + " field '" + field + "': " + problem,
                List.of(new FieldViolation(field, problem)),
                Map.of("file", file, "line", Integer.toString(line), "field", field), null);
    }
}
