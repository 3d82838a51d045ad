package io.multisystem.pipeline.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of checks for records: an optional JSON Schema (draft 2020-12 by default, validated with networknt's
 * json-schema-validator) and Deequ-style {@link Constraint}s, read from YAML:
 *
 * <pre>
 * schema:                      # inline JSON Schema (any draft named by $schema)
 *   type: object
 *   required: [id, email]
 *   properties: {id: {type: integer}, email: {type: string, format: email}}
 * constraints:
 *   - {column: id, check: unique}
 *   - {column: age, check: range, min: 0, max: 120}
 *   - {column: email, check: pattern, regex: "[^@]+@[^@]+"}
 *   - {column: country, check: allowed, values: [FR, DE, IT]}
 *   - {column: phone, check: completeness, min: 0.9}
 *   - {column: amount, check: mean, min: 10, max: 100}
 *   - {check: size, min: 1000}
 * </pre>
 *
 * <p>{@link #run} streams records through it: records that pass every record-level check go to the valid output,
 * the others to the dead-letter output with every reason (JSON Schema errors carry the instance location);
 * dataset-level metrics are accumulated in one pass (Welford's algorithm for mean and standard deviation, a hash set
 * for uniqueness) and judged at the end. Nothing is dropped silently: {@code valid + deadLetters = records}.
 */
public final class ValidationSuite {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Schema schema;
    private final List<Constraint> constraints;

    private ValidationSuite(Schema schema, List<Constraint> constraints) {
        this.schema = schema;
        this.constraints = List.copyOf(constraints);
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    /** @throws InvalidInputException with code {@code SUITE_INVALID} listing every problem with its path */
    public static ValidationSuite parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new InvalidInputException(Errors.COMPONENT, "SUITE_INVALID", "YAML syntax error at line "
                    + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1) + ": "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidInputException(Errors.COMPONENT, "SUITE_INVALID", "YAML error: " + e.getMessage());
        }
        List<FieldViolation> problems = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "SUITE_INVALID",
                    List.of(new FieldViolation("", "expected a mapping with 'schema' and/or 'constraints'")));
        }
        Schema schema = null;
        if (top.get("schema") != null) {
            try {
                JsonNode node = JSON.valueToTree(top.get("schema"));
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
            } catch (RuntimeException e) {
                problems.add(new FieldViolation("schema", "not a usable JSON Schema: " + e.getMessage()));
            }
        }
        List<Constraint> constraints = new ArrayList<>();
        Object list = top.get("constraints");
        if (list != null && !(list instanceof List<?>)) {
            problems.add(new FieldViolation("constraints", "expected a list"));
        } else if (list != null) {
            List<?> items = (List<?>) list;
            for (int i = 0; i < items.size(); i++) {
                Constraint c = constraint("constraints[" + i + "]", items.get(i), problems);
                if (c != null) {
                    constraints.add(c);
                }
            }
        }
        if (schema == null && constraints.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldViolation("", "a suite needs a schema or at least one constraint"));
        }
        if (!problems.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "SUITE_INVALID", problems);
        }
        return new ValidationSuite(schema, constraints);
    }

    private static Constraint constraint(String path, Object item, List<FieldViolation> problems) {
        if (!(item instanceof Map<?, ?> m)) {
            problems.add(new FieldViolation(path, "expected {column, check, ...}"));
            return null;
        }
        Constraint.Check check;
        try {
            check = Constraint.Check.valueOf(String.valueOf(m.get("check")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldViolation(path + ".check", "unknown check '" + m.get("check") + "'; use one of "
                    + java.util.Arrays.toString(Constraint.Check.values()).toLowerCase(Locale.ROOT)));
            return null;
        }
        String column = m.get("column") == null ? null : String.valueOf(m.get("column"));
        if (column == null && check != Constraint.Check.SIZE) {
            problems.add(new FieldViolation(path + ".column", "'" + check.name().toLowerCase(Locale.ROOT)
                    + "' needs a column"));
        }
        Double low = number(m.get("min"), path + ".min", problems);
        Double high = number(m.get("max"), path + ".max", problems);
        if (low != null && high != null && low > high) {
            problems.add(new FieldViolation(path + ".min", "min must not exceed max"));
        }
        boolean needsBound = switch (check) {
            case RANGE, COMPLETENESS, UNIQUENESS, MEAN, MIN, MAX, STDDEV, SIZE -> true;
            default -> false;
        };
        if (needsBound && low == null && high == null) {
            problems.add(new FieldViolation(path, "'" + check.name().toLowerCase(Locale.ROOT)
                    + "' needs min and/or max"));
        }
        Pattern pattern = null;
        if (check == Constraint.Check.PATTERN) {
            try {
                pattern = Pattern.compile(String.valueOf(m.get("regex")));
            } catch (PatternSyntaxException e) {
                problems.add(new FieldViolation(path + ".regex", "not a valid regular expression: "
                        + e.getDescription()));
            }
            if (m.get("regex") == null) {
                problems.add(new FieldViolation(path + ".regex", "'pattern' needs a regex"));
            }
        }
        List<String> allowed = null;
        if (check == Constraint.Check.ALLOWED) {
            if (!(m.get("values") instanceof List<?> values) || values.isEmpty()) {
                problems.add(new FieldViolation(path + ".values", "'allowed' needs a non-empty list of values"));
            } else {
                allowed = values.stream().map(String::valueOf).toList();
            }
        }
        String name = check.name().toLowerCase(Locale.ROOT) + "(" + (column == null ? "" : column) + ")";
        return new Constraint(name, check, column, low, high, pattern, allowed);
    }

    private static Double number(Object value, String path, List<FieldViolation> problems) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(new FieldViolation(path, "must be a number"));
        return null;
    }

    /** A record that failed, with every reason. */
    public record DeadLetter(long index, JsonNode record, List<String> reasons) {
    }

    /** The outcome of one constraint. */
    public record ConstraintResult(String constraint, boolean passed, double metric, long failedRecords) {
    }

    /** Where records go. */
    public interface Outputs {
        void valid(JsonNode record);

        void deadLetter(DeadLetter letter);
    }

    /** The result of a run. */
    public record Report(long records, long valid, long deadLetters, long schemaFailures,
                         List<ConstraintResult> constraints) {
        public boolean passed() {
            return deadLetters == 0 && constraints.stream().allMatch(ConstraintResult::passed);
        }
    }

    /** Streams {@code records} through the suite. */
    public Report run(Iterable<? extends JsonNode> records, Outputs outputs) {
        Map<Constraint, long[]> failures = new LinkedHashMap<>();
        Map<Constraint, Stats> stats = new HashMap<>();
        Map<Constraint, Set<String>> seen = new HashMap<>();
        constraints.forEach(c -> {
            failures.put(c, new long[1]);
            stats.put(c, new Stats());
            seen.put(c, new HashSet<>());
        });
        long total = 0;
        long valid = 0;
        long dead = 0;
        long schemaFailures = 0;
        for (JsonNode record : records) {
            List<String> reasons = new ArrayList<>();
            if (schema != null) {
                List<Error> errors = schema.validate(record);
                if (!errors.isEmpty()) {
                    schemaFailures++;
                }
                for (Error e : errors) {
                    reasons.add("schema " + e.getKeyword() + " at " + e.getInstanceLocation() + ": " + e.getMessage());
                }
            }
            for (Constraint c : constraints) {
                JsonNode value = c.column() == null ? null : record.get(c.column());
                boolean missing = value == null || value.isNull() || value.isMissingNode();
                String failure = recordCheck(c, value, missing, seen.get(c));
                if (failure != null) {
                    failures.get(c)[0]++;
                    reasons.add(c.name() + ": " + failure);
                }
                stats.get(c).add(value, missing);
            }
            total++;
            if (reasons.isEmpty()) {
                valid++;
                outputs.valid(record);
            } else {
                dead++;
                outputs.deadLetter(new DeadLetter(total - 1, record, reasons));
            }
        }
        List<ConstraintResult> results = new ArrayList<>();
        for (Constraint c : constraints) {
            results.add(judge(c, stats.get(c), seen.get(c), failures.get(c)[0], total));
        }
        return new Report(total, valid, dead, schemaFailures, results);
    }

    private static String recordCheck(Constraint c, JsonNode value, boolean missing, Set<String> seen) {
        switch (c.check()) {
            case COMPLETE:
                return missing ? "value is missing" : null;
            case RANGE: {
                if (missing) {
                    return null;
                }
                if (!value.isNumber()) {
                    return "'" + value.asString() + "' is not a number";
                }
                double v = value.asDouble();
                boolean ok = (c.low() == null || v >= c.low()) && (c.high() == null || v <= c.high());
                return ok ? null : v + " is outside [" + bound(c.low()) + ", " + bound(c.high()) + "]";
            }
            case PATTERN:
                return missing || c.pattern().matcher(text(value)).matches() ? null
                        : "'" + text(value) + "' does not match " + c.pattern().pattern();
            case ALLOWED:
                return missing || c.allowed().contains(text(value)) ? null
                        : "'" + text(value) + "' is not one of " + c.allowed();
            case UNIQUE:
                return missing || seen.add(text(value)) ? null : "'" + text(value) + "' was seen before";
            default:
                return null;
        }
    }

    private static ConstraintResult judge(Constraint c, Stats s, Set<String> seen, long failed, long total) {
        double metric;
        switch (c.check()) {
            case COMPLETE, RANGE, PATTERN, ALLOWED, UNIQUE -> {
                metric = total == 0 ? 1 : 1 - (double) failed / total;
                return new ConstraintResult(c.name(), failed == 0, metric, failed);
            }
            case COMPLETENESS -> metric = total == 0 ? 1 : (double) s.present / total;
            case UNIQUENESS -> metric = s.present == 0 ? 1 : (double) s.distinct.size() / s.present;
            case MEAN -> metric = s.mean;
            case MIN -> metric = s.min;
            case MAX -> metric = s.max;
            case STDDEV -> metric = s.numbers < 2 ? 0 : Math.sqrt(s.m2 / (s.numbers - 1));
            case SIZE -> metric = total;
            default -> throw new IllegalStateException(c.check().name());
        }
        boolean passed = !Double.isNaN(metric) && (c.low() == null || metric >= c.low())
                && (c.high() == null || metric <= c.high());
        return new ConstraintResult(c.name(), passed, metric, 0);
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    private static String bound(Double b) {
        return b == null ? "-inf" : b.toString();
    }

    /** One-pass statistics of a column (Welford for mean and variance). */
    private static final class Stats {
        long present;
        long numbers;
        double mean = Double.NaN;
        double m2;
        double min = Double.NaN;
        double max = Double.NaN;
        final Set<String> distinct = new HashSet<>();

        void add(JsonNode value, boolean missing) {
            if (missing) {
                return;
            }
            present++;
            distinct.add(text(value));
            if (value.isNumber()) {
                double v = value.asDouble();
                numbers++;
                if (numbers == 1) {
                    mean = v;
                    min = v;
                    max = v;
                } else {
                    double delta = v - mean;
                    mean += delta / numbers;
                    m2 += delta * (v - mean);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
    }

    /** CSV rows of a {@link io.multisystem.pipeline.synthetic.Table} as JSON objects (missing cells are absent). */
    public static List<JsonNode> records(io.multisystem.pipeline.synthetic.Table table) {
        List<JsonNode> out = new ArrayList<>(table.rows());
        for (int r = 0; r < table.rows(); r++) {
            ObjectNode node = JSON.createObjectNode();
            for (var column : table.columns()) {
                if (column.isMissing(r)) {
                    continue;
                }
                if (column instanceof io.multisystem.pipeline.synthetic.Column.Numeric n) {
                    double v = n.values()[r];
                    if (n.integral()) {
                        node.put(column.name(), (long) v);
                    } else {
                        node.put(column.name(), v);
                    }
                } else {
                    node.put(column.name(), column.text(r));
                }
            }
            out.add(node);
        }
        return out;
    }
}
