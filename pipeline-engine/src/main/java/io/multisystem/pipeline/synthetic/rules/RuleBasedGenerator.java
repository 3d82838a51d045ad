package io.multisystem.pipeline.synthetic.rules;

import com.github.curiousoddman.rgxgen.RgxGen;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.synthetic.Column;
import io.multisystem.pipeline.synthetic.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Rule-based synthetic data from a YAML description of tables and columns: types and ranges, regex-shaped strings,
 * weighted enums, unique keys, foreign keys across tables, missing values and conditional rules. Deterministic by seed.
 *
 * <pre>
 * seed: 42
 * tables:
 *   customers:
 *     rows: 1000
 *     columns:
 *       id:    {type: int, unique: true, min: 1, max: 999999}
 *       email: {type: string, regex: "[a-z]{4,8}@example\\.(com|org)", unique: true}
 *       tier:  {type: enum, values: {gold: 1, silver: 3, bronze: 6}}
 *       since: {type: date, min: 2020-01-01, max: 2024-12-31}
 *       limit:
 *         type: double
 *         min: 100
 *         max: 1000
 *         decimals: 2
 *         when: [{if: {column: tier, equals: gold}, then: {min: 5000, max: 20000}}]
 *   orders:
 *     rows: 5000
 *     columns:
 *       customer: {type: ref, table: customers, column: id}
 *       amount:   {type: double, min: 1, max: 500, decimals: 2, nulls: 0.01}
 * </pre>
 *
 * <p>Design note: the whole description is checked before anything is generated, and every problem is reported
 * with its path ({@code tables.orders.columns.customer.table}). Tables are generated in dependency order (a
 * reference needs its target first; cycles are rejected), columns in declaration order, so a {@code when} rule may
 * look at the columns before it in the same row. Unique integers are drawn without replacement (a partial Fisher–Yates
 * over the range when it is small, rejection otherwise); unique strings by rejection, failing after 100 attempts per
 * value with a message saying the pattern is too narrow. Each column has its own random stream derived from the seed,
 * table and column name, so adding a column does not change the others.
 */
public final class RuleBasedGenerator {
    private static final Set<String> TYPES = Set.of("int", "double", "string", "enum", "bool", "date", "ref");

    private final long seed;
    private final Map<String, TableRule> tables;

    private record TableRule(String name, int rows, List<ColumnRule> columns) {
    }

    private record ColumnRule(String path, String name, String type, Map<String, Object> params,
                              List<Conditional> when) {
    }

    private record Conditional(String column, Object equals, Map<String, Object> then) {
    }

    private RuleBasedGenerator(long seed, Map<String, TableRule> tables) {
        this.seed = seed;
        this.tables = tables;
    }

    /** @throws InvalidInputException with code {@code RULES_INVALID} listing every problem with its path */
    public static RuleBasedGenerator parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new InvalidInputException(Errors.COMPONENT, "RULES_INVALID", "YAML syntax error at line "
                    + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1) + ": "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidInputException(Errors.COMPONENT, "RULES_INVALID", "YAML error: " + e.getMessage());
        }
        List<FieldViolation> problems = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) {
            throw violations(List.of(new FieldViolation("", "expected a mapping with 'seed' and 'tables'")));
        }
        long seed = top.get("seed") instanceof Number n ? n.longValue() : 0;
        if (top.get("seed") != null && !(top.get("seed") instanceof Number)) {
            problems.add(new FieldViolation("seed", "must be an integer"));
        }
        Map<String, TableRule> tables = new LinkedHashMap<>();
        if (!(top.get("tables") instanceof Map<?, ?> tableMap) || tableMap.isEmpty()) {
            throw violations(List.of(new FieldViolation("tables", "expected a mapping of table names to tables")));
        }
        for (Map.Entry<?, ?> t : tableMap.entrySet()) {
            String tableName = String.valueOf(t.getKey());
            String tablePath = "tables." + tableName;
            if (!(t.getValue() instanceof Map<?, ?> table)) {
                problems.add(new FieldViolation(tablePath, "expected a mapping with 'rows' and 'columns'"));
                continue;
            }
            int rows = 0;
            if (!(table.get("rows") instanceof Integer r) || r < 1 || r > 10_000_000) {
                problems.add(new FieldViolation(tablePath + ".rows", "must be an integer from 1 to 10,000,000"));
            } else {
                rows = r;
            }
            List<ColumnRule> columns = new ArrayList<>();
            if (!(table.get("columns") instanceof Map<?, ?> columnMap) || columnMap.isEmpty()) {
                problems.add(new FieldViolation(tablePath + ".columns", "expected a mapping of column names to rules"));
            } else {
                Set<String> earlier = new HashSet<>();
                for (Map.Entry<?, ?> c : columnMap.entrySet()) {
                    String name = String.valueOf(c.getKey());
                    String path = tablePath + ".columns." + name;
                    ColumnRule rule = column(path, name, c.getValue(), earlier, problems);
                    if (rule != null) {
                        columns.add(rule);
                    }
                    earlier.add(name);
                }
            }
            tables.put(tableName, new TableRule(tableName, rows, columns));
        }
        for (TableRule table : tables.values()) {
            for (ColumnRule c : table.columns()) {
                if (c.type().equals("ref")) {
                    Object target = c.params().get("table");
                    Object column = c.params().get("column");
                    TableRule referenced = tables.get(String.valueOf(target));
                    if (referenced == null) {
                        problems.add(new FieldViolation(c.path() + ".table", "no table '" + target + "'"));
                    } else if (referenced.columns().stream().noneMatch(rc -> rc.name().equals(String.valueOf(column)))) {
                        problems.add(new FieldViolation(c.path() + ".column", "table '" + target + "' has no column '"
                                + column + "'"));
                    }
                }
            }
        }
        if (problems.isEmpty()) {
            order(tables, problems);
        }
        if (!problems.isEmpty()) {
            throw violations(problems);
        }
        return new RuleBasedGenerator(seed, tables);
    }

    /** Every table, in dependency order. */
    public Map<String, Table> generate() {
        Map<String, Table> out = new LinkedHashMap<>();
        for (String name : order(tables, new ArrayList<>())) {
            TableRule rule = tables.get(name);
            Map<String, Column> generated = new LinkedHashMap<>();
            for (ColumnRule c : rule.columns()) {
                SplittableRandom random = new SplittableRandom(seed ^ (name + "/" + c.name()).hashCode() * 0x9E3779B97F4A7C15L);
                generated.put(c.name(), generateColumn(rule, c, generated, out, random));
            }
            out.put(name, new Table(new ArrayList<>(generated.values())));
        }
        return out;
    }

    private static ColumnRule column(String path, String name, Object value, Set<String> earlier,
                                     List<FieldViolation> problems) {
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(new FieldViolation(path, "expected a mapping with at least 'type'"));
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        raw.forEach((k, v) -> params.put(String.valueOf(k), v));
        String type = String.valueOf(params.get("type"));
        if (!TYPES.contains(type)) {
            problems.add(new FieldViolation(path + ".type", "must be one of " + new java.util.TreeSet<>(TYPES)
                    + ", was " + params.get("type")));
            return null;
        }
        checkParams(path, type, params, problems);
        List<Conditional> when = new ArrayList<>();
        if (params.get("when") != null) {
            if (!(params.get("when") instanceof List<?> rules)) {
                problems.add(new FieldViolation(path + ".when", "expected a list of {if: {column, equals}, then: {...}}"));
            } else {
                for (int i = 0; i < rules.size(); i++) {
                    String rulePath = path + ".when[" + i + "]";
                    if (!(rules.get(i) instanceof Map<?, ?> rule) || !(rule.get("if") instanceof Map<?, ?> condition)
                            || !(rule.get("then") instanceof Map<?, ?> then)) {
                        problems.add(new FieldViolation(rulePath, "expected {if: {column, equals}, then: {...}}"));
                        continue;
                    }
                    String column = String.valueOf(condition.get("column"));
                    if (!earlier.contains(column)) {
                        problems.add(new FieldViolation(rulePath + ".if.column", "must name a column declared before '"
                                + name + "' in the same table, was '" + column + "'"));
                    }
                    Map<String, Object> overrides = new LinkedHashMap<>(params);
                    then.forEach((k, v) -> overrides.put(String.valueOf(k), v));
                    checkParams(rulePath + ".then", type, overrides, problems);
                    Map<String, Object> thenParams = new LinkedHashMap<>();
                    then.forEach((k, v) -> thenParams.put(String.valueOf(k), v));
                    when.add(new Conditional(column, condition.get("equals"), thenParams));
                }
            }
        }
        return new ColumnRule(path, name, type, params, when);
    }

    private static void checkParams(String path, String type, Map<String, Object> p, List<FieldViolation> problems) {
        Object nulls = p.get("nulls");
        if (nulls != null && (!(nulls instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() >= 1)) {
            problems.add(new FieldViolation(path + ".nulls", "must be a probability in [0, 1)"));
        }
        switch (type) {
            case "int", "double" -> {
                Object min = p.getOrDefault("min", 0);
                Object max = p.getOrDefault("max", type.equals("int") ? 1_000_000 : 1.0);
                if (!(min instanceof Number) || !(max instanceof Number)
                        || ((Number) min).doubleValue() > ((Number) max).doubleValue()) {
                    problems.add(new FieldViolation(path + ".min", "min and max must be numbers with min <= max"));
                }
            }
            case "string" -> {
                try {
                    RgxGen.parse(String.valueOf(p.getOrDefault("regex", "[a-z]{8}")));
                } catch (RuntimeException e) {
                    problems.add(new FieldViolation(path + ".regex", "not a usable regular expression: "
                            + e.getMessage()));
                }
            }
            case "enum" -> {
                Object values = p.get("values");
                boolean ok = values instanceof List<?> list && !list.isEmpty()
                        || values instanceof Map<?, ?> map && !map.isEmpty()
                        && map.values().stream().allMatch(w -> w instanceof Number n && n.doubleValue() > 0);
                if (!ok) {
                    problems.add(new FieldViolation(path + ".values",
                            "expected a list of values or a mapping of values to positive weights"));
                }
            }
            case "date" -> {
                try {
                    LocalDate min = dateOf(p.getOrDefault("min", "2000-01-01"));
                    LocalDate max = dateOf(p.getOrDefault("max", "2030-12-31"));
                    if (min.isAfter(max)) {
                        problems.add(new FieldViolation(path + ".min", "min must not be after max"));
                    }
                } catch (DateTimeParseException e) {
                    problems.add(new FieldViolation(path + ".min", "dates must be YYYY-MM-DD"));
                }
            }
            case "bool" -> {
                Object t = p.getOrDefault("true", 0.5);
                if (!(t instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
                    problems.add(new FieldViolation(path + ".true", "must be a probability in [0, 1]"));
                }
            }
            case "ref" -> {
                if (p.get("table") == null || p.get("column") == null) {
                    problems.add(new FieldViolation(path, "a ref needs 'table' and 'column'"));
                }
            }
            default -> {
            }
        }
    }

    private static List<String> order(Map<String, TableRule> tables, List<FieldViolation> problems) {
        List<String> ordered = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String name : tables.keySet()) {
            visit(name, tables, state, ordered, problems, new ArrayList<>());
        }
        return ordered;
    }

    private static void visit(String name, Map<String, TableRule> tables, Map<String, Integer> state,
                              List<String> ordered, List<FieldViolation> problems, List<String> stack) {
        int s = state.getOrDefault(name, 0);
        if (s == 2) {
            return;
        }
        if (s == 1) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
            cycle.add(name);
            problems.add(new FieldViolation("tables." + name, "tables reference each other in a cycle: "
                    + String.join(" -> ", cycle)));
            return;
        }
        state.put(name, 1);
        stack.add(name);
        for (ColumnRule c : tables.get(name).columns()) {
            if (c.type().equals("ref") && tables.containsKey(String.valueOf(c.params().get("table")))) {
                visit(String.valueOf(c.params().get("table")), tables, state, ordered, problems, stack);
            }
        }
        stack.remove(stack.size() - 1);
        state.put(name, 2);
        ordered.add(name);
    }

    private Column generateColumn(TableRule table, ColumnRule rule, Map<String, Column> row, Map<String, Table> done,
                                  SplittableRandom random) {
        int n = table.rows();
        boolean unique = Boolean.TRUE.equals(rule.params().get("unique"));
        Column ref = rule.type().equals("ref")
                ? done.get(String.valueOf(rule.params().get("table"))).column(String.valueOf(rule.params().get("column")))
                : null;
        boolean numeric = rule.type().equals("int") || rule.type().equals("double")
                || ref instanceof Column.Numeric;
        double[] numbers = numeric ? new double[n] : null;
        String[] texts = numeric ? null : new String[n];
        Set<Object> seen = unique ? new HashSet<>() : null;
        Map<Map<String, Object>, Object> compiled = new HashMap<>();
        if (unique && rule.type().equals("int") && rule.when().isEmpty()) {
            long min = ((Number) rule.params().getOrDefault("min", 0)).longValue();
            long max = ((Number) rule.params().getOrDefault("max", 1_000_000)).longValue();
            if (max - min + 1 < n) {
                throw new InvalidInputException(Errors.COMPONENT, "RULES_UNSATISFIABLE", rule.path() + ": " + n
                        + " unique integers do not fit in [" + min + ", " + max + "]");
            }
            return uniqueIntegers(rule, n, min, max, random);
        }
        for (int r = 0; r < n; r++) {
            Map<String, Object> p = effective(rule, row, r);
            double nulls = p.get("nulls") instanceof Number x ? x.doubleValue() : 0;
            if (nulls > 0 && random.nextDouble() < nulls) {
                if (numeric) {
                    numbers[r] = Double.NaN;
                } else {
                    texts[r] = null;
                }
                continue;
            }
            for (int attempt = 0; ; attempt++) {
                Object value = draw(rule.type(), p, ref, random, compiled);
                if (!unique || seen.add(value)) {
                    if (numeric) {
                        numbers[r] = ((Number) value).doubleValue();
                    } else {
                        texts[r] = (String) value;
                    }
                    break;
                }
                if (attempt >= 100) {
                    throw new InvalidInputException(Errors.COMPONENT, "RULES_UNSATISFIABLE", rule.path()
                            + ": cannot find " + n + " unique values (gave up at row " + r
                            + "); widen the range or pattern");
                }
            }
        }
        if (numeric) {
            boolean integral = rule.type().equals("int") || ref instanceof Column.Numeric rn && rn.integral();
            return new Column.Numeric(rule.name(), numbers, integral);
        }
        return new Column.Categorical(rule.name(), texts);
    }

    /**
     * Partial Fisher–Yates over the virtual array {@code [min, max]}: position i swaps with a random j >= i, and only
     * the displaced entries are remembered, so it costs O(n) whatever the width of the range.
     */
    private static Column uniqueIntegers(ColumnRule rule, int n, long min, long max, SplittableRandom random) {
        double nulls = rule.params().get("nulls") instanceof Number x ? x.doubleValue() : 0;
        Map<Long, Long> displaced = new HashMap<>();
        long size = max - min + 1;
        double[] values = new double[n];
        long next = 0;
        for (int r = 0; r < n; r++) {
            if (nulls > 0 && random.nextDouble() < nulls) {
                values[r] = Double.NaN;
                continue;
            }
            long j = next + random.nextLong(size - next);
            long atJ = displaced.getOrDefault(j, j);
            long atNext = displaced.getOrDefault(next, next);
            displaced.put(j, atNext);
            values[r] = min + atJ;
            next++;
        }
        return new Column.Numeric(rule.name(), values, true);
    }

    private static Map<String, Object> effective(ColumnRule rule, Map<String, Column> row, int r) {
        for (Conditional c : rule.when()) {
            Column column = row.get(c.column());
            if (column != null && !column.isMissing(r) && column.text(r).equals(String.valueOf(c.equals()))) {
                Map<String, Object> p = new LinkedHashMap<>(rule.params());
                p.putAll(c.then());
                return p;
            }
        }
        return rule.params();
    }

    private static Object draw(String type, Map<String, Object> p, Column ref, SplittableRandom random,
                               Map<Map<String, Object>, Object> compiled) {
        switch (type) {
            case "int": {
                long min = ((Number) p.getOrDefault("min", 0)).longValue();
                long max = ((Number) p.getOrDefault("max", 1_000_000)).longValue();
                return (double) (max == Long.MAX_VALUE ? random.nextLong(min, max) : random.nextLong(min, max + 1));
            }
            case "double": {
                double min = ((Number) p.getOrDefault("min", 0)).doubleValue();
                double max = ((Number) p.getOrDefault("max", 1.0)).doubleValue();
                double v = min == max ? min : random.nextDouble(min, max);
                Object decimals = p.get("decimals");
                return decimals instanceof Integer d
                        ? BigDecimal.valueOf(v).setScale(d, RoundingMode.HALF_EVEN).doubleValue() : v;
            }
            case "string": {
                RgxGen generator = (RgxGen) compiled.computeIfAbsent(p, k ->
                        RgxGen.parse(String.valueOf(p.getOrDefault("regex", "[a-z]{8}"))));
                return generator.generate(random);
            }
            case "enum": {
                Object values = p.get("values");
                if (values instanceof List<?> list) {
                    return String.valueOf(list.get(random.nextInt(list.size())));
                }
                Map<?, ?> weights = (Map<?, ?>) values;
                double total = weights.values().stream().mapToDouble(w -> ((Number) w).doubleValue()).sum();
                double u = random.nextDouble() * total;
                Object last = null;
                for (Map.Entry<?, ?> e : weights.entrySet()) {
                    u -= ((Number) e.getValue()).doubleValue();
                    last = e.getKey();
                    if (u < 0) {
                        break;
                    }
                }
                return String.valueOf(last);
            }
            case "bool":
                return Boolean.toString(random.nextDouble() < ((Number) p.getOrDefault("true", 0.5)).doubleValue());
            case "date": {
                LocalDate min = dateOf(p.getOrDefault("min", "2000-01-01"));
                LocalDate max = dateOf(p.getOrDefault("max", "2030-12-31"));
                return min.plusDays(random.nextLong(0, max.toEpochDay() - min.toEpochDay() + 1)).toString();
            }
            case "ref": {
                int row;
                do {
                    row = random.nextInt(ref.size());
                } while (ref.isMissing(row) && hasPresent(ref));
                return ref instanceof Column.Numeric n ? (Object) n.values()[row] : ref.text(row);
            }
            default:
                throw new IllegalStateException("unchecked type " + type);
        }
    }

    /** YAML reads an unquoted 2020-01-01 as a timestamp (at midnight UTC); quoted, it is text. */
    private static LocalDate dateOf(Object value) {
        if (value instanceof java.util.Date date) {
            return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        return LocalDate.parse(String.valueOf(value));
    }

    private static boolean hasPresent(Column column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isMissing(r)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidInputException violations(List<FieldViolation> problems) {
        return InvalidInputException.ofViolations(Errors.COMPONENT, "RULES_INVALID", problems);
    }
}
