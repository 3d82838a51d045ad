package io.multisystem.pipeline.definition;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.pipeline.execution.ExecutionMode;
import io.multisystem.pipeline.execution.LocalExecutorProperties;
import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.expression.Expression;
import io.multisystem.pipeline.io.AvroFiles;
import io.multisystem.pipeline.join.IntervalJoinSource;
import io.multisystem.pipeline.join.IntervalJoiner;
import io.multisystem.pipeline.join.LookupJoinSource;
import io.multisystem.pipeline.io.JdbcTables;
import io.multisystem.pipeline.io.PartFileSink;
import io.multisystem.pipeline.nexmark.NexmarkGenerator;
import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Sinks;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.io.StreamingSources;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.synthetic.Column;
import io.multisystem.pipeline.synthetic.Table;
import io.multisystem.pipeline.synthetic.rules.RuleBasedGenerator;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WindowAssigner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Checks a {@link PipelineDefinition} and translates it into a local {@link Pipeline}.
 *
 * <p>Design note: the compiler walks the definition once, carrying the row schema from the input source through every
 * transform, so a field reference or an expression is type-checked against exactly the rows it will see. Problems are
 * collected with their paths: every source and the sink are checked, and transforms up to the first one that cannot
 * produce a schema (later ones cannot be typed before it is fixed). Nothing is read or written while compiling, except
 * metadata: an Avro file's header, a database query's result columns (with {@code LIMIT 0}) and a synthetic table's
 * columns, when their schema is not written in the definition. Stateful transforms before the window (deduplicate,
 * the build side of a join) run on the source thread; a union interleaves its inputs row by row, so in streaming mode
 * {@code maxOutOfOrderness} must cover the event-time skew between the united inputs.
 */
public final class PipelineCompiler {
    /** The event-time field a keyed aggregate without a window uses internally (one global window). */
    static final String GLOBAL_TIME = "__global_time";

    private static final Set<String> TOP_KEYS = Set.of("name", "mode", "parallelism", "queueCapacity",
            "watermarkInterval", "checkpointInterval", "sources", "input", "transforms", "sink", "lateSink");

    /**
     * Compilation settings.
     *
     * @param stdout          where a {@code stdout} sink writes
     * @param sourceDecorator wraps the input source (progress counting, cancellation)
     * @param clock           processing-time clock of the executor
     * @param cancelled       true once the run should stop: unbounded sources (tail, socket) end at their next poll
     */
    public record Options(PrintStream stdout, UnaryOperator<Source> sourceDecorator, Clock clock,
            BooleanSupplier cancelled) {
        public static Options defaults() {
            return new Options(System.out, UnaryOperator.identity(), Clock.systemUTC(), () -> false);
        }

        public Options withStdout(PrintStream out) {
            return new Options(out, sourceDecorator, clock, cancelled);
        }

        public Options withSourceDecorator(UnaryOperator<Source> decorator) {
            return new Options(stdout, decorator, clock, cancelled);
        }

        public Options withCancellation(BooleanSupplier cancelled) {
            return new Options(stdout, sourceDecorator, clock, cancelled);
        }
    }

    private final PipelineDefinition definition;
    private final Options options;
    private final DefinitionReader reader = new DefinitionReader();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final List<CompiledPipeline.Stage> stages = new ArrayList<>();
    private int checkpointInterval;

    private PipelineCompiler(PipelineDefinition definition, Options options) {
        this.definition = definition;
        this.options = options;
    }

    /**
     * Checks and translates the definition.
     *
     * @throws InvalidInputException (code {@code PIPELINE_INVALID}) listing every problem found, each with the path
     *                               of the field at fault ({@code transforms[2].expr}) and what to change; expression
     *                               problems name the column inside the expression
     * @throws PlatformException     {@code INPUT_NOT_FOUND} / {@code DATABASE_UNAVAILABLE} when a source's metadata
     *                               cannot be read
     */
    public static CompiledPipeline compile(PipelineDefinition definition, Options options) {
        return new PipelineCompiler(definition, options).compile();
    }

    /** {@link #compile(PipelineDefinition, Options)} with default options. */
    public static CompiledPipeline compile(PipelineDefinition definition) {
        return compile(definition, Options.defaults());
    }

    private CompiledPipeline compile() {
        Map<String, Object> tree = definition.tree();
        reader.onlyKeys(tree, "", TOP_KEYS);
        String modeText = reader.optionalString(tree, "mode", "", "batch");
        ExecutionMode mode = ExecutionMode.BATCH;
        if (modeText != null) {
            switch (modeText.toLowerCase(Locale.ROOT)) {
                case "batch" -> mode = ExecutionMode.BATCH;
                case "streaming" -> mode = ExecutionMode.STREAMING;
                default -> reader.problem("mode", "must be batch or streaming, found '" + modeText + "'");
            }
        }
        int parallelism = reader.optionalInt(tree, "parallelism", "", 1, 1, 256);
        int queueCapacity = reader.optionalInt(tree, "queueCapacity", "", 1024, 1, 1 << 20);
        int watermarkInterval = reader.optionalInt(tree, "watermarkInterval", "", 64, 1, 1 << 20);
        checkpointInterval = reader.optionalInt(tree, "checkpointInterval", "", 0, 0, Integer.MAX_VALUE);

        Map<String, Object> sourceTree = reader.mapping(tree.get("sources"), "sources");
        if (sourceTree != null) {
            if (sourceTree.isEmpty()) {
                reader.problem("sources", "define at least one source");
            }
            sourceTree.forEach((name, spec) -> {
                Source s = source(name, spec, "sources." + name);
                if (s != null) {
                    sources.put(name, s);
                }
            });
        }
        String input = reader.optionalString(tree, "input", "", null);
        if (input == null && sourceTree != null && sourceTree.size() == 1) {
            input = sourceTree.keySet().iterator().next();
        } else if (input == null && sourceTree != null && sourceTree.size() > 1) {
            reader.problem("input", "is required when there are several sources; name one of " + sourceTree.keySet());
        } else if (input != null && sourceTree != null && !sourceTree.containsKey(input)) {
            reader.problem("input", "no source named '" + input + "'; defined: " + sourceTree.keySet());
        }
        Sink sink = sink(tree.get("sink"), "sink");
        Sink lateSink = tree.containsKey("lateSink") ? sink(tree.get("lateSink"), "lateSink") : null;
        Source main = input == null ? null : sources.get(input);
        Pipeline pipeline = null;
        if (main != null) {
            stages.add(new CompiledPipeline.Stage("sources." + input, "source", main.schema()));
            pipeline = transforms(main, tree.get("transforms"), lateSink);
        }
        reader.throwIfProblems();
        pipeline = pipeline.to(sink);
        if (lateSink != null) {
            pipeline = pipeline.lateRecordsTo(lateSink);
        }
        LocalExecutorProperties properties = new LocalExecutorProperties(mode, parallelism, queueCapacity,
                watermarkInterval, options.clock(), checkpointInterval);
        return new CompiledPipeline(definition.name(), pipeline, properties, stages);
    }

    // ------------------------------------------------------------------------------------------------ sources

    private Source source(String name, Object specValue, String path) {
        Map<String, Object> spec = reader.mapping(specValue, path);
        if (spec == null) {
            return null;
        }
        String type = reader.requiredString(spec, "type", path);
        if (type == null) {
            return null;
        }
        int before = reader.problemCount();
        try {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "csv", "jsonl" -> {
                    reader.onlyKeys(spec, path, Set.of("type", "path", "schema"));
                    Path file = path(spec, path);
                    Schema schema = schema(spec.get("schema"), path + ".schema", true);
                    if (file == null || schema == null) {
                        return null;
                    }
                    return type.equalsIgnoreCase("csv") ? Sources.csv(file, schema) : Sources.jsonLines(file, schema);
                }
                case "avro" -> {
                    reader.onlyKeys(spec, path, Set.of("type", "path", "schema"));
                    Path file = path(spec, path);
                    if (file == null) {
                        return null;
                    }
                    Schema schema = spec.containsKey("schema") ? schema(spec.get("schema"), path + ".schema", true)
                            : AvroFiles.readSchema(file);
                    return schema == null ? null : AvroFiles.source(file, schema);
                }
                case "postgres", "jdbc" -> {
                    reader.onlyKeys(spec, path, Set.of("type", "url", "user", "password", "passwordEnv", "table",
                            "query", "schema"));
                    JdbcTables.Connection connection = connection(spec, path);
                    String table = reader.optionalString(spec, "table", path, null);
                    String query = reader.optionalString(spec, "query", path, null);
                    if ((table == null) == (query == null)) {
                        reader.problem(path, "give exactly one of table or query");
                        return null;
                    }
                    String sql;
                    try {
                        sql = table != null ? JdbcTables.selectAll(table) : query;
                    } catch (InvalidInputException e) {
                        reader.problem(path + ".table", e.getMessage());
                        return null;
                    }
                    if (connection == null) {
                        return null;
                    }
                    Schema schema = spec.containsKey("schema") ? schema(spec.get("schema"), path + ".schema", true)
                            : JdbcTables.describe(connection, sql);
                    return schema == null ? null : JdbcTables.source(connection, sql, schema);
                }
                case "nexmark" -> {
                    reader.onlyKeys(spec, path, Set.of("type", "kind", "events", "seed", "eventsPerMillisecond"));
                    String kind = reader.requiredString(spec, "kind", path);
                    int events = reader.optionalInt(spec, "events", path, 100_000, 0, Integer.MAX_VALUE);
                    int seed = reader.optionalInt(spec, "seed", path, 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    int rate = reader.optionalInt(spec, "eventsPerMillisecond", path, 10, 1, 1_000_000);
                    if (kind == null) {
                        return null;
                    }
                    NexmarkGenerator.Kind k;
                    try {
                        k = NexmarkGenerator.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        reader.problem(path + ".kind", "must be person, auction or bid, found '" + kind + "'");
                        return null;
                    }
                    return new NexmarkGenerator(events, seed, rate).source(k);
                }
                case "synthetic" -> {
                    reader.onlyKeys(spec, path, Set.of("type", "rules", "table"));
                    return synthetic(spec, path);
                }
                case "tail", "socket" -> {
                    return streamingSource(type.toLowerCase(Locale.ROOT), spec, path);
                }
                default -> {
                    reader.problem(path + ".type", "unknown source type '" + type
                            + "'; use csv, jsonl, avro, postgres, synthetic, nexmark, tail or socket");
                    return null;
                }
            }
        } catch (InvalidInputException e) {
            if (e.violations().isEmpty()) {
                reader.problem(path, e.getMessage());
            } else {
                e.violations().forEach(v -> reader.problem(path + "." + v.field(), v.problem()));
            }
            return null;
        } finally {
            if (reader.problemCount() > before) {
                sources.remove(name);
            }
        }
    }

    /** A tailed file or a socket: line-delimited CSV or JSON Lines with a poll interval and a stop condition. */
    private Source streamingSource(String type, Map<String, Object> spec, String path) {
        boolean tail = type.equals("tail");
        Set<String> keys = new HashSet<>(Set.of("type", "format", "schema", "pollInterval", "idleTimeout",
                "maxRecords"));
        keys.addAll(tail ? Set.of("path") : Set.of("host", "port", "connectTimeout"));
        reader.onlyKeys(spec, path, keys);
        int before = reader.problemCount();
        String format = reader.optionalString(spec, "format", path, "jsonl");
        if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("jsonl")) {
            reader.problem(path + ".format", "must be csv or jsonl, found '" + format + "'");
        }
        Schema schema = schema(spec.get("schema"), path + ".schema", true);
        Duration poll = reader.optionalDuration(spec, "pollInterval", path, Duration.ofMillis(200));
        if (poll != null && poll.isZero()) {
            reader.problem(path + ".pollInterval", "must be positive, e.g. 200ms");
        }
        Duration idle = reader.optionalDuration(spec, "idleTimeout", path, null);
        if (idle != null && idle.isZero()) {
            reader.problem(path + ".idleTimeout", "must be positive, e.g. 5s (omit it to wait forever)");
        }
        int maxRecords = reader.optionalInt(spec, "maxRecords", path, 0, 0, Integer.MAX_VALUE);
        if (modeIsBatch() && idle == null && maxRecords == 0) {
            reader.problem(path, "a batch run would never end on an unbounded " + type + " source; set idleTimeout "
                    + "or maxRecords, or use mode: streaming");
        }
        StreamingSources.Stop stop = new StreamingSources.Stop(idle, maxRecords, options.cancelled());
        if (tail) {
            Path file = path(spec, path);
            if (file != null && file.getParent() != null && !Files.isDirectory(file.getParent())) {
                reader.problem(path + ".path", "directory " + file.getParent() + " does not exist");
            }
            if (reader.problemCount() > before || file == null || schema == null) {
                return null;
            }
            return StreamingSources.tailFile(file, schema, format, poll, stop);
        }
        String host = reader.requiredString(spec, "host", path);
        Integer port = spec.get("port") == null ? null : reader.optionalInt(spec, "port", path, 0, 1, 65535);
        if (spec.get("port") == null) {
            reader.problem(path + ".port", "is required (1 to 65535)");
        }
        Duration connect = reader.optionalDuration(spec, "connectTimeout", path, Duration.ofSeconds(10));
        if (checkpointInterval > 0) {
            reader.problem(path + ".type", "a socket cannot replay its rows after a restart; remove "
                    + "checkpointInterval or read from a file");
        }
        if (reader.problemCount() > before || host == null || port == null || schema == null) {
            return null;
        }
        return StreamingSources.socket(host, port, schema, format, connect, poll, stop);
    }

    private boolean modeIsBatch() {
        Object m = definition.tree().get("mode");
        return m == null || "batch".equalsIgnoreCase(String.valueOf(m));
    }

    private Source synthetic(Map<String, Object> spec, String path) {
        Object rules = spec.get("rules");
        String yaml;
        if (rules instanceof Map<?, ?>) {
            yaml = new org.yaml.snakeyaml.Yaml().dump(rules);
        } else if (rules instanceof String file) {
            Path p = definition.baseDirectory().resolve(file);
            try {
                yaml = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                reader.problem(path + ".rules", "cannot read rules file " + p + ": " + e.getMessage());
                return null;
            }
        } else {
            reader.problem(path + ".rules", "is required: a rules file path or the rules inline (seed, tables)");
            return null;
        }
        Map<String, Table> tables = RuleBasedGenerator.parse(yaml).generate();
        String tableName = reader.optionalString(spec, "table", path, tables.size() == 1
                ? tables.keySet().iterator().next() : null);
        if (tableName == null || !tables.containsKey(tableName)) {
            reader.problem(path + ".table", "name one of the generated tables " + tables.keySet());
            return null;
        }
        Table table = tables.get(tableName);
        List<Schema.Field> fields = new ArrayList<>();
        for (Column c : table.columns()) {
            fields.add(new Schema.Field(c.name(), c instanceof Column.Numeric n
                    ? (n.integral() ? FieldType.LONG : FieldType.DOUBLE) : FieldType.STRING));
        }
        Schema schema = Schema.of(fields);
        List<Row> rows = new ArrayList<>(table.rows());
        for (int r = 0; r < table.rows(); r++) {
            Object[] values = new Object[fields.size()];
            for (int c = 0; c < values.length; c++) {
                Column col = table.columns().get(c);
                if (col.isMissing(r)) {
                    continue;
                }
                if (col instanceof Column.Numeric n) {
                    values[c] = n.integral() ? (Object) (long) n.values()[r] : (Object) n.values()[r];
                } else {
                    values[c] = ((Column.Categorical) col).values()[r];
                }
            }
            rows.add(Row.of(schema, values));
        }
        return Sources.collection(schema, rows);
    }

    private JdbcTables.Connection connection(Map<String, Object> spec, String path) {
        String url = reader.requiredString(spec, "url", path);
        if (url != null && !url.startsWith("jdbc:")) {
            reader.problem(path + ".url", "must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/db");
            return null;
        }
        String password = reader.optionalString(spec, "password", path, null);
        String passwordEnv = reader.optionalString(spec, "passwordEnv", path, null);
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                reader.problem(path + ".passwordEnv", "environment variable " + passwordEnv + " is not set");
            }
        }
        return url == null ? null : new JdbcTables.Connection(url, reader.optionalString(spec, "user", path, null),
                password);
    }

    private Path path(Map<String, Object> spec, String path) {
        String p = reader.requiredString(spec, "path", path);
        return p == null ? null : definition.baseDirectory().resolve(p).normalize();
    }

    private Schema schema(Object value, String path, boolean required) {
        if (value == null && !required) {
            return null;
        }
        Map<String, Object> fields = reader.mapping(value, path);
        if (fields == null) {
            return null;
        }
        List<Schema.Field> out = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            FieldType t = fieldType(String.valueOf(e.getValue()));
            if (t == null) {
                reader.problem(path + "." + e.getKey(), "unknown type '" + e.getValue()
                        + "'; use string, long, double, boolean or timestamp");
                ok = false;
            } else {
                out.add(new Schema.Field(e.getKey(), t));
            }
        }
        if (out.isEmpty() && ok) {
            reader.problem(path, "declare at least one field");
            return null;
        }
        return ok ? Schema.of(out) : null;
    }

    static FieldType fieldType(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "string", "text" -> FieldType.STRING;
            case "long", "int", "integer", "bigint" -> FieldType.LONG;
            case "double", "float", "number" -> FieldType.DOUBLE;
            case "boolean", "bool" -> FieldType.BOOLEAN;
            case "timestamp" -> FieldType.TIMESTAMP;
            default -> null;
        };
    }

    // ------------------------------------------------------------------------------------------------ sinks

    private Sink sink(Object value, String path) {
        Map<String, Object> spec = reader.mapping(value, path);
        if (spec == null) {
            return null;
        }
        String type = reader.requiredString(spec, "type", path);
        if (type == null) {
            return null;
        }
        boolean exactlyOnce = checkpointInterval > 0 && path.equals("sink");
        if (exactlyOnce && !Set.of("csv", "jsonl", "postgres", "jdbc").contains(type.toLowerCase(Locale.ROOT))) {
            reader.problem(path + ".type", "with checkpointInterval the sink must be csv, jsonl or postgres "
                    + "(exactly-once sinks), not " + type);
            return null;
        }
        switch (type.toLowerCase(Locale.ROOT)) {
            case "csv", "jsonl", "avro" -> {
                reader.onlyKeys(spec, path, Set.of("type", "path"));
                Path file = path(spec, path);
                if (file == null) {
                    return null;
                }
                if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                    reader.problem(path + ".path", "directory " + file.getParent() + " does not exist");
                    return null;
                }
                if (exactlyOnce) {
                    return new PartFileSink(file, type.equalsIgnoreCase("csv") ? PartFileSink.Format.CSV
                            : PartFileSink.Format.JSONL);
                }
                return switch (type.toLowerCase(Locale.ROOT)) {
                    case "csv" -> Sinks.csv(file);
                    case "jsonl" -> Sinks.jsonLines(file);
                    default -> AvroFiles.sink(file);
                };
            }
            case "postgres", "jdbc" -> {
                reader.onlyKeys(spec, path, Set.of("type", "url", "user", "password", "passwordEnv", "table",
                        "create", "truncate"));
                JdbcTables.Connection connection = connection(spec, path);
                String table = reader.requiredString(spec, "table", path);
                boolean create = reader.optionalBoolean(spec, "create", path, true);
                boolean truncate = reader.optionalBoolean(spec, "truncate", path, false);
                if (table != null) {
                    try {
                        JdbcTables.requireTableName(table);
                    } catch (InvalidInputException e) {
                        reader.problem(path + ".table", e.getMessage());
                        return null;
                    }
                }
                if (exactlyOnce && truncate) {
                    reader.problem(path + ".truncate", "cannot truncate an exactly-once sink: a restarted run "
                            + "would delete committed output");
                    return null;
                }
                if (connection == null || table == null) {
                    return null;
                }
                return exactlyOnce ? JdbcTables.exactlyOnceSink(connection, table, create, definition.name())
                        : JdbcTables.sink(connection, table, create, truncate);
            }
            case "stdout" -> {
                reader.onlyKeys(spec, path, Set.of("type"));
                return Sinks.stdout(options.stdout());
            }
            default -> {
                reader.problem(path + ".type", "unknown sink type '" + type
                        + "'; use csv, jsonl, avro, postgres or stdout");
                return null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ transforms

    private Pipeline transforms(Source main, Object value, Sink lateSink) {
        List<Object> list = value == null ? List.of() : reader.list(value, "transforms");
        if (list == null) {
            return null;
        }
        TransformChain chain = new TransformChain(main);
        String keyField = null;
        Map<String, Object> pendingWindow = null;
        String pendingWindowPath = null;
        boolean aggregated = false;
        for (int i = 0; i < list.size(); i++) {
            String path = "transforms[" + i + "]";
            Map<String, Object> t = reader.mapping(list.get(i), path);
            if (t == null) {
                return null;
            }
            String type = reader.requiredString(t, "type", path);
            if (type == null) {
                return null;
            }
            int before = reader.problemCount();
            Schema in = chain.schema();
            try {
                if (pendingWindow != null && !type.equals("aggregate")) {
                    reader.problem(path + ".type", "a window must be followed by an aggregate, found '" + type + "'");
                    return null;
                }
                switch (type) {
                    case "map" -> chain.add(map(t, path, in));
                    case "filter" -> chain.add(filter(t, path, in));
                    case "flatMap" -> chain.add(flatMap(t, path, in));
                    case "deduplicate" -> chain.add(deduplicate(t, path, in));
                    case "join" -> chain.add(join(t, path, in));
                    case "union" -> {
                        if (keyField != null || aggregated) {
                            reader.problem(path, "union must come before keyBy, window and aggregate");
                            return null;
                        }
                        union(t, path, in, chain);
                    }
                    case "intervalJoin", "lookupJoin" -> {
                        if (keyField != null || aggregated) {
                            reader.problem(path, type + " must come before keyBy, window and aggregate");
                            return null;
                        }
                        if (type.equals("intervalJoin")) {
                            intervalJoin(t, path, in, chain);
                        } else {
                            lookupJoin(t, path, in, chain);
                        }
                    }
                    case "keyBy" -> {
                        reader.onlyKeys(t, path, Set.of("type", "field"));
                        String f = reader.requiredString(t, "field", path);
                        if (f != null && in.findIndex(f).isEmpty()) {
                            reader.problem(path + ".field", "unknown field '" + f + "'; known fields: " + in.names());
                        } else if (aggregated || keyField != null) {
                            reader.problem(path, "only one keyBy (before one aggregate) per pipeline");
                        }
                        keyField = f;
                    }
                    case "window" -> {
                        if (keyField == null) {
                            reader.problem(path, "a window needs a keyBy before it");
                        }
                        reader.onlyKeys(t, path, Set.of("type", "kind", "size", "slide", "gap", "timestamp",
                                "maxOutOfOrderness", "allowedLateness"));
                        String ts = reader.requiredString(t, "timestamp", path);
                        if (ts != null) {
                            in.findIndex(ts).ifPresentOrElse(idx -> {
                                FieldType ft = in.fields().get(idx).type();
                                if (ft != FieldType.TIMESTAMP && ft != FieldType.LONG) {
                                    reader.problem(path + ".timestamp", "field '" + ts + "' is " + ft
                                            + "; event time must be a TIMESTAMP or LONG of epoch milliseconds");
                                }
                            }, () -> reader.problem(path + ".timestamp", "unknown field '" + ts + "'; known fields: "
                                    + in.names()));
                        }
                        assigner(t, path);
                        pendingWindow = t;
                        pendingWindowPath = path;
                    }
                    case "aggregate" -> {
                        if (keyField == null) {
                            reader.problem(path, "an aggregate needs a keyBy before it (to aggregate everything, "
                                    + "key by a constant field computed with map)");
                            return null;
                        }
                        if (aggregated) {
                            reader.problem(path, "only one aggregate per pipeline");
                            return null;
                        }
                        List<Aggregation> aggregations = aggregations(t, path, in, keyField);
                        if (reader.problemCount() > before) {
                            return null;
                        }
                        if (pendingWindow != null) {
                            Map<String, Object> w = pendingWindow;
                            String wp = pendingWindowPath;
                            chain.keyBy(keyField);
                            chain.window(w.get("timestamp").toString(),
                                    reader.optionalDuration(w, "maxOutOfOrderness", wp, Duration.ZERO), assigner(w, wp),
                                    reader.optionalDuration(w, "allowedLateness", wp, Duration.ZERO), aggregations);
                            pendingWindow = null;
                        } else {
                            chain.globalAggregate(keyField, aggregations);
                        }
                        aggregated = true;
                    }
                    default -> reader.problem(path + ".type", "unknown transform '" + type + "'; use map, filter, "
                            + "flatMap, keyBy, window, aggregate, join, intervalJoin, lookupJoin, union or deduplicate");
                }
            } catch (InvalidInputException e) {
                if (e.violations().isEmpty()) {
                    reader.problem(path, e.getMessage());
                } else {
                    reader.addAll(e.violations());
                }
            }
            if (reader.problemCount() > before) {
                return null;
            }
            stages.add(new CompiledPipeline.Stage(path, type, chain.schema()));
        }
        if (pendingWindow != null) {
            reader.problem(pendingWindowPath, "a window must be followed by an aggregate");
            return null;
        }
        if (keyField != null && !aggregated) {
            // keyBy without an aggregate: rows are partitioned by key (per-key order kept) and passed through.
            chain.keyBy(keyField);
        }
        if (lateSink != null && !chain.hasWindow()) {
            reader.problem("lateSink", "only a pipeline with a window has late records; remove lateSink or add a "
                    + "window");
        }
        return chain.build(options.sourceDecorator());
    }

    private WindowAssigner assigner(Map<String, Object> t, String path) {
        String kind = reader.requiredString(t, "kind", path);
        if (kind == null) {
            return null;
        }
        try {
            return switch (kind) {
                case "tumbling" -> {
                    Duration size = reader.requiredDuration(t, "size", path);
                    yield size == null ? null : WindowAssigner.tumbling(size);
                }
                case "sliding" -> {
                    Duration size = reader.requiredDuration(t, "size", path);
                    Duration slide = reader.requiredDuration(t, "slide", path);
                    yield size == null || slide == null ? null : WindowAssigner.sliding(size, slide);
                }
                case "session" -> {
                    Duration gap = reader.requiredDuration(t, "gap", path);
                    yield gap == null ? null : WindowAssigner.session(gap);
                }
                default -> {
                    reader.problem(path + ".kind", "must be tumbling, sliding or session, found '" + kind + "'");
                    yield null;
                }
            };
        } catch (InvalidInputException e) {
            String m = e.getMessage();
            reader.problem(path + "." + (m.startsWith("/window/") ? m.substring(8, m.indexOf(':')) : "kind"),
                    m.contains(": ") ? m.substring(m.indexOf(": ") + 2) : m);
            return null;
        }
    }

    private List<Aggregation> aggregations(Map<String, Object> t, String path, Schema in, String keyField) {
        reader.onlyKeys(t, path, Set.of("type", "aggregations"));
        List<Object> list = reader.list(t.get("aggregations"), path + ".aggregations");
        List<Aggregation> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (list.isEmpty()) {
            reader.problem(path + ".aggregations", "add at least one aggregation, e.g. {fn: count, as: n}");
        }
        Set<String> names = new HashSet<>(Set.of(keyField, "window_start", "window_end"));
        for (int j = 0; j < list.size(); j++) {
            String ap = path + ".aggregations[" + j + "]";
            Map<String, Object> a;
            if (list.get(j) instanceof String s) {
                a = parseAggregationShorthand(s, ap);
                if (a == null) {
                    continue;
                }
            } else {
                a = reader.mapping(list.get(j), ap);
                if (a == null) {
                    continue;
                }
                reader.onlyKeys(a, ap, Set.of("fn", "field", "as", "q"));
            }
            String fn = reader.requiredString(a, "fn", ap);
            if (fn == null) {
                continue;
            }
            Aggregation.Function function;
            try {
                function = Aggregation.Function.valueOf(fn.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                reader.problem(ap + ".fn", "unknown function '" + fn + "'; use count, sum, avg, min, max, "
                        + "approx_distinct or quantile");
                continue;
            }
            String field = function == Aggregation.Function.COUNT ? null : reader.requiredString(a, "field", ap);
            if (function != Aggregation.Function.COUNT && field == null) {
                continue;
            }
            if (field != null) {
                var idx = in.findIndex(field);
                if (idx.isEmpty()) {
                    reader.problem(ap + ".field", "unknown field '" + field + "'; known fields: " + in.names());
                    continue;
                }
                FieldType ft = in.fields().get(idx.get()).type();
                if (function != Aggregation.Function.APPROX_DISTINCT && ft != FieldType.LONG
                        && ft != FieldType.DOUBLE && ft != FieldType.TIMESTAMP) {
                    reader.problem(ap + ".field", fn + " needs a numeric field; '" + field + "' is " + ft);
                    continue;
                }
            }
            double q = Double.NaN;
            if (function == Aggregation.Function.QUANTILE) {
                Object qv = a.get("q");
                if (!(qv instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
                    reader.problem(ap + ".q", "quantile needs q between 0 and 1, e.g. q: 0.5");
                    continue;
                }
                q = n.doubleValue();
            }
            String defaultName = function == Aggregation.Function.COUNT ? "count"
                    : fn.toLowerCase(Locale.ROOT) + "_" + field;
            String as = reader.optionalString(a, "as", ap, defaultName);
            if (as == null) {
                continue;
            }
            if (!names.add(as)) {
                reader.problem(ap + ".as", "duplicate output name '" + as + "'; name it with as:");
                continue;
            }
            out.add(new Aggregation(function, field, as, q));
        }
        return out;
    }

    /** {@code fn[:field][:q] [as name]}. */
    private Map<String, Object> parseAggregationShorthand(String s, String path) {
        String[] parts = s.trim().split("\\s+as\\s+");
        String[] f = parts[0].trim().split(":");
        Map<String, Object> a = new HashMap<>();
        a.put("fn", f[0]);
        if (f.length > 1) {
            a.put("field", f[1]);
        }
        if (f.length > 2) {
            try {
                a.put("q", Double.parseDouble(f[2]));
            } catch (NumberFormatException e) {
                reader.problem(path, "'" + f[2] + "' is not a number; write quantile:field:0.9 as name");
                return null;
            }
        }
        if (parts.length > 1) {
            a.put("as", parts[1].trim());
        }
        return a;
    }

    private Pipeline.Step map(Map<String, Object> t, String path, Schema in) {
        reader.onlyKeys(t, path, Set.of("type", "fields", "keep", "drop"));
        Map<String, Object> fields = reader.mapping(t.get("fields"), path + ".fields");
        int before = reader.problemCount();
        boolean keep = reader.optionalBoolean(t, "keep", path, true);
        List<Object> drop = t.containsKey("drop") ? reader.list(t.get("drop"), path + ".drop") : List.of();
        if (fields == null || drop == null) {
            return null;
        }
        Map<String, Expression> exprs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String p = path + ".fields." + e.getKey();
            if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
                reader.problem(p, "must be an expression");
                continue;
            }
            try {
                exprs.put(e.getKey(), Expression.compile(e.getValue().toString(), in, p));
            } catch (InvalidInputException ex) {
                reader.addAll(ex.violations());
            }
        }
        Set<String> dropped = new HashSet<>();
        for (Object d : drop) {
            String name = String.valueOf(d);
            if (in.findIndex(name).isEmpty() && !exprs.containsKey(name)) {
                reader.problem(path + ".drop", "unknown field '" + name + "'; known fields: " + in.names());
            }
            dropped.add(name);
        }
        if (reader.problemCount() > before) {
            return null;
        }
        List<Schema.Field> out = new ArrayList<>();
        List<Object> sources = new ArrayList<>(); // Integer input index or Expression
        if (keep) {
            for (int i = 0; i < in.size(); i++) {
                Schema.Field f = in.fields().get(i);
                if (dropped.contains(f.name())) {
                    continue;
                }
                Expression e = exprs.get(f.name());
                out.add(new Schema.Field(f.name(), e == null ? f.type() : e.type()));
                sources.add(e == null ? (Object) i : e);
            }
        }
        for (Map.Entry<String, Expression> e : exprs.entrySet()) {
            if ((keep && in.findIndex(e.getKey()).isPresent()) || dropped.contains(e.getKey())) {
                continue;
            }
            out.add(new Schema.Field(e.getKey(), e.getValue().type()));
            sources.add(e.getValue());
        }
        if (out.isEmpty()) {
            reader.problem(path, "the map leaves no fields");
            return null;
        }
        Schema schema = Schema.of(out);
        Object[] plan = sources.toArray();
        return new SchemaStep(schema, (row, emit) -> {
            Object[] values = new Object[plan.length];
            for (int i = 0; i < plan.length; i++) {
                values[i] = plan[i] instanceof Integer idx ? row.get(idx) : ((Expression) plan[i]).evaluate(row);
            }
            emit.accept(Row.of(schema, values));
        });
    }

    private Pipeline.Step filter(Map<String, Object> t, String path, Schema in) {
        reader.onlyKeys(t, path, Set.of("type", "expr"));
        String text = reader.requiredString(t, "expr", path);
        if (text == null) {
            return null;
        }
        Expression predicate = Expression.compilePredicate(text, in, path + ".expr");
        return new SchemaStep(in, (row, emit) -> {
            if (Boolean.TRUE.equals(predicate.evaluate(row))) {
                emit.accept(row);
            }
        });
    }

    private Pipeline.Step flatMap(Map<String, Object> t, String path, Schema in) {
        reader.onlyKeys(t, path, Set.of("type", "split", "separator", "as"));
        String split = reader.requiredString(t, "split", path);
        Object sepValue = t.get("separator");
        String separator = sepValue == null ? "," : sepValue.toString();
        String as = reader.requiredString(t, "as", path);
        if (split == null || as == null) {
            return null;
        }
        if (separator.isEmpty()) {
            reader.problem(path + ".separator", "must not be empty");
            return null;
        }
        Expression e = Expression.compile(split, in, path + ".split");
        if (e.type() != FieldType.STRING) {
            reader.problem(path + ".split", "must be a STRING expression, `" + split + "` is " + e.type()
                    + "; convert it with to_string(...)");
            return null;
        }
        List<Schema.Field> out = new ArrayList<>(in.fields());
        int target = in.findIndex(as).orElse(-1);
        if (target >= 0) {
            out.set(target, new Schema.Field(as, FieldType.STRING));
        } else {
            out.add(new Schema.Field(as, FieldType.STRING));
            target = out.size() - 1;
        }
        Schema schema = Schema.of(out);
        int slot = target;
        String quoted = java.util.regex.Pattern.quote(separator);
        return new SchemaStep(schema, (row, emit) -> {
            Object v = e.evaluate(row);
            if (v == null) {
                return;
            }
            for (String piece : ((String) v).split(quoted, -1)) {
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < in.size(); i++) {
                    values[i] = row.get(i);
                }
                values[slot] = piece;
                emit.accept(Row.of(schema, values));
            }
        });
    }

    private Pipeline.Step deduplicate(Map<String, Object> t, String path, Schema in) {
        reader.onlyKeys(t, path, Set.of("type", "keys"));
        List<Object> keys = t.containsKey("keys") ? reader.list(t.get("keys"), path + ".keys") : List.of();
        if (keys == null) {
            return null;
        }
        int[] idx = new int[keys.isEmpty() ? in.size() : keys.size()];
        for (int i = 0; i < idx.length; i++) {
            if (keys.isEmpty()) {
                idx[i] = i;
                continue;
            }
            String k = String.valueOf(keys.get(i));
            var found = in.findIndex(k);
            if (found.isEmpty()) {
                reader.problem(path + ".keys[" + i + "]", "unknown field '" + k + "'; known fields: " + in.names());
                return null;
            }
            idx[i] = found.get();
        }
        return new SchemaStep(in, new DeduplicateStep(idx));
    }

    private Pipeline.Step join(Map<String, Object> t, String path, Schema left) {
        reader.onlyKeys(t, path, Set.of("type", "with", "leftKey", "rightKey", "kind", "prefix"));
        String with = reader.requiredString(t, "with", path);
        String leftKey = reader.requiredString(t, "leftKey", path);
        String rightKey = reader.optionalString(t, "rightKey", path, leftKey);
        String kind = reader.optionalString(t, "kind", path, "inner");
        if (with == null || leftKey == null || rightKey == null || kind == null) {
            return null;
        }
        if (!kind.equals("inner") && !kind.equals("left")) {
            reader.problem(path + ".kind", "must be inner or left, found '" + kind + "'");
            return null;
        }
        Source right = sources.get(with);
        if (right == null) {
            reader.problem(path + ".with", "no usable source named '" + with + "'; defined: " + sources.keySet());
            return null;
        }
        if (sourceSpecs().get(with) instanceof Map<?, ?> m && ("tail".equals(m.get("type"))
                || "socket".equals(m.get("type"))) && m.get("idleTimeout") == null && m.get("maxRecords") == null) {
            reader.problem(path + ".with", "a hash join reads source '" + with + "' whole, but that " + m.get("type")
                    + " source never ends; set its idleTimeout or maxRecords, or use intervalJoin");
            return null;
        }
        String prefix = reader.optionalString(t, "prefix", path, with + "_");
        Schema rs = right.schema();
        var li = left.findIndex(leftKey);
        var ri = rs.findIndex(rightKey);
        if (li.isEmpty()) {
            reader.problem(path + ".leftKey", "unknown field '" + leftKey + "'; known fields: " + left.names());
        }
        if (ri.isEmpty()) {
            reader.problem(path + ".rightKey", "source '" + with + "' has no field '" + rightKey + "'; its fields: "
                    + rs.names());
        }
        if (li.isEmpty() || ri.isEmpty()) {
            return null;
        }
        if (!keyTypesMatch(left, li.get(), leftKey, rs, ri.get(), with + "." + rightKey, path + ".rightKey")) {
            return null;
        }
        Schema joined = joinedSchema(left, rs, prefix, path + ".prefix");
        if (joined == null) {
            return null;
        }
        return new SchemaStep(joined, new HashJoinStep(right, li.get(), ri.get(), kind.equals("left"), joined));
    }

    private boolean keyTypesMatch(Schema left, int li, String leftName, Schema right, int ri, String rightName,
            String path) {
        FieldType lt = left.fields().get(li).type();
        FieldType rt = right.fields().get(ri).type();
        boolean numericKeys = (lt == FieldType.LONG || lt == FieldType.TIMESTAMP)
                && (rt == FieldType.LONG || rt == FieldType.TIMESTAMP);
        if (lt != rt && !numericKeys) {
            reader.problem(path, "key types differ: " + leftName + " is " + lt + ", " + rightName + " is " + rt
                    + "; convert one side with a map first");
            return false;
        }
        return true;
    }

    /** Left fields then right fields, a right field whose name is taken getting {@code prefix}. */
    private Schema joinedSchema(Schema left, Schema right, String prefix, String path) {
        List<Schema.Field> out = new ArrayList<>(left.fields());
        Set<String> taken = new HashSet<>(left.names());
        for (Schema.Field f : right.fields()) {
            String name = taken.contains(f.name()) ? prefix + f.name() : f.name();
            if (!taken.add(name)) {
                reader.problem(path, "field '" + name + "' would appear twice; choose another prefix");
                return null;
            }
            out.add(new Schema.Field(name, f.type()));
        }
        return Schema.of(out);
    }

    /** A field of {@code schema} named by {@code key} (defaulting to {@code fallback}), or -1 with a problem. */
    private int field(Map<String, Object> t, String key, String fallback, String path, Schema schema, String owner) {
        String name = fallback == null ? reader.requiredString(t, key, path)
                : reader.optionalString(t, key, path, fallback);
        if (name == null) {
            return -1;
        }
        var idx = schema.findIndex(name);
        if (idx.isEmpty()) {
            reader.problem(path + "." + key, owner + " has no field '" + name + "'; its fields: " + schema.names());
            return -1;
        }
        return idx.get();
    }

    /** A duration that may be negative: {@code -5s}, {@code 10s}, {@code -PT1M} or a number of ms. */
    private Long signedMillis(Map<String, Object> t, String key, String path) {
        Object v = t.get(key);
        if (v == null) {
            reader.problem(path + "." + key, "is required (a duration such as -5s or 10s)");
            return null;
        }
        if (v instanceof Number n && (v instanceof Integer || v instanceof Long)) {
            return n.longValue();
        }
        String text = String.valueOf(v).strip();
        boolean negative = text.startsWith("-");
        Duration d = DefinitionReader.parseDuration(negative ? text.substring(1) : text);
        if (d == null) {
            reader.problem(path + "." + key, "must be a duration such as -5s, 0s or 10s, found "
                    + DefinitionReader.describe(v));
            return null;
        }
        return negative ? -d.toMillis() : d.toMillis();
    }

    private void intervalJoin(Map<String, Object> t, String path, Schema left, TransformChain chain) {
        reader.onlyKeys(t, path, Set.of("type", "with", "leftKey", "rightKey", "leftTimestamp", "rightTimestamp",
                "lower", "upper", "maxOutOfOrderness", "prefix"));
        int before = reader.problemCount();
        String with = reader.requiredString(t, "with", path);
        Long lower = signedMillis(t, "lower", path);
        Long upper = signedMillis(t, "upper", path);
        Duration ooo = reader.optionalDuration(t, "maxOutOfOrderness", path, Duration.ZERO);
        if (lower != null && upper != null && lower > upper) {
            reader.problem(path + ".lower", "must not be above upper (" + t.get("lower") + " > " + t.get("upper")
                    + ")");
        }
        if (checkpointInterval > 0) {
            reader.problem(path, "an interval join reads two inputs concurrently, which a restart cannot replay in "
                    + "the same order; remove checkpointInterval");
        }
        if (with == null) {
            return;
        }
        Source right = sources.get(with);
        if (right == null) {
            reader.problem(path + ".with", "no usable source named '" + with + "'; defined: " + sources.keySet());
            return;
        }
        Schema rs = right.schema();
        int lk = field(t, "leftKey", null, path, left, "the stream");
        String lkName = lk < 0 ? null : left.fields().get(lk).name();
        int rk = lkName == null ? -1 : field(t, "rightKey", lkName, path, rs, "source '" + with + "'");
        int lt = field(t, "leftTimestamp", null, path, left, "the stream");
        String ltName = lt < 0 ? null : left.fields().get(lt).name();
        int rt = ltName == null ? -1 : field(t, "rightTimestamp", ltName, path, rs, "source '" + with + "'");
        if (lt >= 0) {
            requireEventTime(left, lt, path + ".leftTimestamp");
        }
        if (rt >= 0) {
            requireEventTime(rs, rt, path + ".rightTimestamp");
        }
        if (lk >= 0 && rk >= 0) {
            keyTypesMatch(left, lk, lkName, rs, rk, with + "." + rs.fields().get(rk).name(), path + ".rightKey");
        }
        String prefix = reader.optionalString(t, "prefix", path, with + "_");
        if (reader.problemCount() > before) {
            return;
        }
        Schema joined = joinedSchema(left, rs, prefix, path + ".prefix");
        if (joined == null) {
            return;
        }
        long lo = lower;
        long up = upper;
        long disorder = ooo.toMillis();
        chain.wrapInput(in -> new IntervalJoinSource(in, right, joined,
                () -> new IntervalJoiner(lk, rk, lt, rt, lo, up, disorder, joined)));
    }

    private void requireEventTime(Schema schema, int idx, String path) {
        FieldType ft = schema.fields().get(idx).type();
        if (ft != FieldType.TIMESTAMP && ft != FieldType.LONG) {
            reader.problem(path, "field '" + schema.fields().get(idx).name() + "' is " + ft
                    + "; event time must be a TIMESTAMP or LONG of epoch milliseconds");
        }
    }

    private void lookupJoin(Map<String, Object> t, String path, Schema in, TransformChain chain) {
        reader.onlyKeys(t, path, Set.of("type", "with", "key", "tableKey", "onMiss", "deadLetter", "prefix"));
        int before = reader.problemCount();
        String with = reader.requiredString(t, "with", path);
        String miss = reader.optionalString(t, "onMiss", path, "nulls");
        LookupJoinSource.MissPolicy policy = null;
        if (miss != null) {
            switch (miss) {
                case "drop" -> policy = LookupJoinSource.MissPolicy.DROP;
                case "nulls", "null" -> policy = LookupJoinSource.MissPolicy.NULLS;
                case "deadLetter" -> policy = LookupJoinSource.MissPolicy.DEAD_LETTER;
                default -> reader.problem(path + ".onMiss", "must be drop, nulls or deadLetter, found '" + miss + "'");
            }
        }
        Sink deadLetter = null;
        if (policy == LookupJoinSource.MissPolicy.DEAD_LETTER) {
            if (t.get("deadLetter") == null) {
                reader.problem(path + ".deadLetter", "is required with onMiss: deadLetter, e.g. {type: jsonl, "
                        + "path: misses.jsonl}");
            } else {
                deadLetter = sink(t.get("deadLetter"), path + ".deadLetter");
            }
        } else if (t.containsKey("deadLetter")) {
            reader.problem(path + ".deadLetter", "is only used with onMiss: deadLetter");
        }
        if (with == null) {
            return;
        }
        Object spec = sourceSpecs().get(with);
        if (spec instanceof Map<?, ?> m && ("tail".equals(m.get("type")) || "socket".equals(m.get("type")))) {
            reader.problem(path + ".with", "lookup table '" + with + "' is a " + m.get("type") + " source; a lookup "
                    + "table is loaded whole, use csv, jsonl, avro, postgres or synthetic");
            return;
        }
        Source table = sources.get(with);
        if (table == null) {
            reader.problem(path + ".with", "no usable source named '" + with + "'; defined: " + sources.keySet());
            return;
        }
        Schema ts = table.schema();
        int k = field(t, "key", null, path, in, "the stream");
        String kName = k < 0 ? null : in.fields().get(k).name();
        int tk = kName == null ? -1 : field(t, "tableKey", kName, path, ts, "lookup table '" + with + "'");
        if (k >= 0 && tk >= 0) {
            keyTypesMatch(in, k, kName, ts, tk, with + "." + ts.fields().get(tk).name(), path + ".tableKey");
        }
        String prefix = reader.optionalString(t, "prefix", path, with + "_");
        if (reader.problemCount() > before) {
            return;
        }
        Schema joined = joinedSchema(in, ts, prefix, path + ".prefix");
        if (joined == null) {
            return;
        }
        LookupJoinSource.MissPolicy p = policy;
        Sink dl = deadLetter;
        chain.wrapInput(input -> new LookupJoinSource(input, k, table, tk, with, p, dl, joined));
    }

    private Map<String, Object> sourceSpecs() {
        Object v = definition.tree().get("sources");
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> specs = (Map<String, Object>) m;
            return specs;
        }
        return Map.of();
    }

    private void union(Map<String, Object> t, String path, Schema in, TransformChain chain) {
        reader.onlyKeys(t, path, Set.of("type", "with"));
        List<Object> with = reader.list(t.get("with"), path + ".with");
        if (with == null) {
            return;
        }
        int before = reader.problemCount();
        List<Source> others = new ArrayList<>();
        for (int j = 0; j < with.size(); j++) {
            String name = String.valueOf(with.get(j));
            Source s = sources.get(name);
            if (s == null) {
                reader.problem(path + ".with[" + j + "]", "no usable source named '" + name + "'; defined: "
                        + sources.keySet());
                continue;
            }
            Schema os = s.schema();
            if (!new HashSet<>(os.fields()).equals(new HashSet<>(in.fields()))) {
                reader.problem(path + ".with[" + j + "]", "source '" + name + "' has fields " + os.fields()
                        + " but the stream here has " + in.fields() + "; make them equal with a map first");
                continue;
            }
            others.add(UnionSource.reordered(s, in));
        }
        if (reader.problemCount() == before) {
            chain.union(others);
        }
    }
}
