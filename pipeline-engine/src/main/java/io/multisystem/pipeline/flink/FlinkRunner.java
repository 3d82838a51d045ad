package io.multisystem.pipeline.flink;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.pipeline.definition.CompiledPipeline;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.expression.Expression;
import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Sinks;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Accumulator;
import io.multisystem.pipeline.window.Aggregation;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a {@link PipelineDefinition} on Apache Flink's DataStream API instead of the local engine ({@code run
 * --engine flink}).
 *
 * <p>Design. The definition is first compiled by {@link PipelineCompiler} exactly as for the local engine, so every
 * check (paths, expression types, aggregation fields) and every stage schema is the same; then the supported subset is
 * translated stage by stage:
 * <ul>
 *   <li>a {@code csv}/{@code jsonl} input source is parsed with the local engine's readers (so typing and error
 *       messages match) on the client and handed to Flink as a bounded collection source;</li>
 *   <li>{@code map} and {@code filter} become Rich functions that carry only the expression <em>texts</em> and the
 *       input schema (as names and type names, all serializable) and recompile the expressions in {@code open()} on
 *       each task: compiled expressions are not serializable and are never shipped;</li>
 *   <li>{@code keyBy} + {@code window kind: tumbling} + {@code aggregate} become {@code assignTimestampsAndWatermarks}
 *       (bounded out-of-orderness, the definition's {@code maxOutOfOrderness}), {@code keyBy}, Flink's
 *       {@link TumblingEventTimeWindows} and an incremental {@link AggregateFunction} whose accumulators are the local
 *       engine's own {@link Accumulator}s (identical count/sum/avg/min/max arithmetic), finished by a
 *       {@link ProcessWindowFunction} that emits {@code key, window_start, window_end, aggregates...};</li>
 *   <li>the output is pulled back with {@code executeAndCollect} and written by the local engine's {@code csv} or
 *       {@code jsonl} sink writer, so the file format is byte-for-byte that of the local engine.</li>
 * </ul>
 * Rows travel through Flink as {@code Object[]} in stage-schema order (values are Long, Double, String, Boolean or
 * null). Everything else (other sources and sinks, flatMap, joins, union, deduplicate, sliding/session windows,
 * allowed lateness, late sinks, global aggregates, approx_distinct/quantile, checkpoints) is refused before anything
 * runs with {@code FLINK_UNSUPPORTED}, one violation per field path, each saying "not supported on --engine flink".
 *
 * <p>Semantics versus the local engine: results are identical as long as no record is later than
 * {@code maxOutOfOrderness} (then neither engine drops anything and every window fires once, at the end-of-input
 * watermark at the latest). Which records count as late differs, because Flink emits watermarks periodically (every
 * 200 ms of processing time) while the local engine emits one every {@code watermarkInterval} records; late records are
 * dropped by both.
 */
public final class FlinkRunner {
    /** Parallelism used when the definition does not set one. */
    public static final int DEFAULT_PARALLELISM = 2;
    private static final String UNSUPPORTED = "FLINK_UNSUPPORTED";
    private static final Set<String> FUNCTIONS = Set.of("count", "sum", "avg", "min", "max");

    /** What a Flink run did. */
    public record Result(String name, long recordsRead, long recordsWritten, Duration elapsed, String flinkVersion) {
    }

    private static String emptyClassPath;
    private final PipelineDefinition definition;
    private final CompiledPipeline compiled;
    private final List<FieldViolation> problems = new ArrayList<>();

    private FlinkRunner(PipelineDefinition definition) {
        this.definition = definition;
        this.compiled = PipelineCompiler.compile(definition);
    }

    /**
     * Checks that the definition is valid (as for the local engine) and within what the Flink runner supports.
     *
     * @throws InvalidInputException the compiler's errors, or {@code FLINK_UNSUPPORTED} with one violation per
     *                               unsupported field path
     */
    public static FlinkRunner prepare(PipelineDefinition definition) {
        FlinkRunner runner = new FlinkRunner(definition);
        runner.check();
        if (!runner.problems.isEmpty()) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, UNSUPPORTED, runner.problems);
        }
        return runner;
    }

    /** The stage schemas, as computed by the local compiler. */
    public CompiledPipeline compiled() {
        return compiled;
    }

    private void unsupported(String path, String what) {
        problems.add(new FieldViolation(path, what + " is not supported on --engine flink"));
    }

    private void check() {
        Map<String, Object> tree = definition.tree();
        for (String key : List.of("checkpointInterval", "lateSink")) {
            if (tree.containsKey(key) && !(key.equals("checkpointInterval") && Integer.valueOf(0)
                    .equals(tree.get(key)))) {
                unsupported(key, key);
            }
        }
        String input = inputName();
        Map<String, Object> source = mapping(mapping(tree.get("sources")).get(input));
        String sourceType = String.valueOf(source.get("type")).toLowerCase(Locale.ROOT);
        if (!sourceType.equals("csv") && !sourceType.equals("jsonl")) {
            unsupported("sources." + input + ".type", "source type '" + sourceType + "' (use csv or jsonl)");
        }
        Map<String, Object> sink = mapping(tree.get("sink"));
        String sinkType = String.valueOf(sink.get("type")).toLowerCase(Locale.ROOT);
        if (!sinkType.equals("csv") && !sinkType.equals("jsonl")) {
            unsupported("sink.type", "sink type '" + sinkType + "' (use csv or jsonl)");
        }
        List<Object> transforms = transforms();
        boolean windowed = false;
        for (int i = 0; i < transforms.size(); i++) {
            String path = "transforms[" + i + "]";
            Map<String, Object> t = mapping(transforms.get(i));
            String type = String.valueOf(t.get("type"));
            switch (type) {
                case "map", "filter", "keyBy" -> {
                }
                case "window" -> {
                    windowed = true;
                    if (!"tumbling".equals(t.get("kind"))) {
                        unsupported(path + ".kind", "window kind '" + t.get("kind") + "' (use tumbling)");
                    }
                    Object lateness = t.get("allowedLateness");
                    if (lateness != null && !Duration.ZERO.equals(durationAt(i, "allowedLateness"))) {
                        unsupported(path + ".allowedLateness", "allowedLateness other than 0");
                    }
                }
                case "aggregate" -> {
                    if (!windowed) {
                        unsupported(path, "an aggregate without a window before it");
                    }
                    List<Object> aggs = list(t.get("aggregations"));
                    for (int j = 0; j < aggs.size(); j++) {
                        String fn = aggregationSpec(aggs.get(j)).get("fn").toString().toLowerCase(Locale.ROOT);
                        if (!FUNCTIONS.contains(fn)) {
                            unsupported(path + ".aggregations[" + j + "].fn", "aggregate function '" + fn
                                    + "' (use count, sum, avg, min or max)");
                        }
                    }
                }
                default -> unsupported(path + ".type", "transform '" + type + "' (use map, filter, keyBy, "
                        + "window and aggregate)");
            }
        }
    }

    /**
     * Runs the pipeline on a local Flink MiniCluster with the definition's parallelism (default
     * {@value #DEFAULT_PARALLELISM}) and writes the sink file.
     *
     * @throws InvalidInputException when the input has a malformed record or a record without event time
     */
    public Result runLocal() {
        int parallelism = definition.tree().get("parallelism") instanceof Integer p ? p : DEFAULT_PARALLELISM;
        Configuration conf = new Configuration();
        if (FlinkRunner.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // Inside the Spring Boot fat jar our classes and Flink's are not on the system class path. A job without
            // jars or class paths is deserialized by the MiniCluster's JobManager with the *system* class loader
            // (BlobLibraryCacheManager wraps it), which cannot see them; an (empty) class path entry makes it build a
            // user-code class loader whose parent is the loader of Flink's classes, which sees everything.
            conf.set(PipelineOptions.CLASSPATHS, List.of(emptyClassPathEntry()));
        }
        return run(() -> StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf));
    }

    private static synchronized String emptyClassPathEntry() {
        if (emptyClassPath == null) {
            try {
                Path dir = Files.createTempDirectory("pipeline-flink-classpath");
                dir.toFile().deleteOnExit();
                emptyClassPath = dir.toUri().toURL().toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for Flink's class path", e);
            }
        }
        return emptyClassPath;
    }

    /** Runs on the environment {@code environment} gives (a remote cluster's, for instance). */
    public Result run(Supplier<StreamExecutionEnvironment> environment) {
        long start = System.nanoTime();
        Schema sourceSchema = compiled.stages().get(0).output();
        List<Object[]> input = readInput(sourceSchema);
        StreamExecutionEnvironment env = environment.get();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        TypeInformation<Object[]> rowType = Types.OBJECT_ARRAY(Types.GENERIC(Object.class));
        DataStream<Object[]> stream = env.fromData(input, rowType).name("source:" + inputName());
        List<Object> transforms = transforms();
        String keyField = null;
        Map<String, Object> window = null;
        int windowIndex = -1;
        for (int i = 0; i < transforms.size(); i++) {
            Map<String, Object> t = mapping(transforms.get(i));
            Schema in = compiled.stages().get(i).output();
            Schema out = compiled.stages().get(i + 1).output();
            String path = "transforms[" + i + "]";
            switch (String.valueOf(t.get("type"))) {
                case "map" -> stream = stream.map(new MapStage(fields(in), fields(out), mapPlan(t, in, out), path))
                        .returns(rowType).name(path + ":map");
                case "filter" -> stream = stream.filter(new FilterStage(fields(in), t.get("expr").toString(),
                        path + ".expr")).name(path + ":filter");
                case "keyBy" -> keyField = t.get("field").toString();
                case "window" -> {
                    window = t;
                    windowIndex = i;
                }
                case "aggregate" -> {
                    int tsIndex = in.getIndex(window.get("timestamp").toString());
                    Duration ooo = durationAt(windowIndex, "maxOutOfOrderness");
                    Duration size = durationAt(windowIndex, "size");
                    String tsField = window.get("timestamp").toString();
                    int keyIndex = in.getIndex(keyField);
                    List<Aggregation> aggs = aggregations(t, in);
                    int[] valueIndex = new int[aggs.size()];
                    boolean[] doubles = new boolean[aggs.size()];
                    for (int a = 0; a < aggs.size(); a++) {
                        valueIndex[a] = aggs.get(a).field() == null ? -1 : in.getIndex(aggs.get(a).field());
                        doubles[a] = valueIndex[a] >= 0 && in.fields().get(valueIndex[a]).type() == FieldType.DOUBLE;
                    }
                    stream = stream
                            .assignTimestampsAndWatermarks(WatermarkStrategy.<Object[]>forBoundedOutOfOrderness(ooo)
                                    .withTimestampAssigner((row, previous) -> eventTime(row, tsIndex, tsField)))
                            .keyBy(new FieldKey(keyIndex), Types.STRING)
                            .window(TumblingEventTimeWindows.of(size))
                            .aggregate(new Aggregate(aggs, valueIndex, doubles, keyIndex), new EmitWindow(),
                                    TypeInformation.of(Partial.class), rowType, rowType)
                            .name(path + ":window-aggregate");
                }
                default -> throw new IllegalStateException("checked in prepare(): " + t.get("type"));
            }
        }
        Schema outSchema = compiled.stages().get(compiled.stages().size() - 1).output();
        long written = 0;
        Sink sink = sink();
        sink.open(outSchema);
        try (CloseableIterator<Object[]> it = stream.executeAndCollect(definition.name())) {
            while (it.hasNext()) {
                sink.write(Row.of(outSchema, it.next()));
                written++;
            }
        } catch (Exception e) {
            throw unwrap(e);
        } finally {
            sink.close();
        }
        return new Result(definition.name(), input.size(), written, Duration.ofNanos(System.nanoTime() - start),
                flinkVersion());
    }

    /** The Flink version on the classpath. */
    public static String flinkVersion() {
        String v = org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
        return v == null ? "unknown" : v;
    }

    private static long eventTime(Object[] row, int tsIndex, String field) {
        Object ts = row[tsIndex];
        if (ts == null) {
            throw new InvalidInputException(Errors.COMPONENT, "EVENT_TIME_MISSING", "record has no event time in "
                    + "field '" + field + "'; filter out or fill such records before the window");
        }
        return (Long) ts;
    }

    private static RuntimeException unwrap(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PlatformException p) {
                return p;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("Flink job failed: " + e, e);
    }

    private List<Object[]> readInput(Schema schema) {
        Map<String, Object> spec = mapping(mapping(definition.tree().get("sources")).get(inputName()));
        Path file = definition.baseDirectory().resolve(spec.get("path").toString());
        Source source = spec.get("type").toString().equalsIgnoreCase("csv") ? Sources.csv(file, schema)
                : Sources.jsonLines(file, schema);
        List<Object[]> rows = new ArrayList<>();
        try (Source.RowIterator it = source.open()) {
            while (it.hasNext()) {
                Row r = it.next();
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.get(i);
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private Sink sink() {
        Map<String, Object> spec = mapping(definition.tree().get("sink"));
        Path file = definition.baseDirectory().resolve(spec.get("path").toString());
        return spec.get("type").toString().equalsIgnoreCase("csv") ? Sinks.csv(file) : Sinks.jsonLines(file);
    }

    // ------------------------------------------------------------------------------------------- definition access

    private String inputName() {
        Object input = definition.tree().get("input");
        return input != null ? input.toString() : mapping(definition.tree().get("sources")).keySet().iterator().next();
    }

    private List<Object> transforms() {
        return list(definition.tree().get("transforms"));
    }

    private Duration durationAt(int transform, String key) {
        // Parsed by a one-stage definition through the compiler's own duration reader would be overkill; the format
        // was already checked by the compiler: a number and a unit (ms, s, m, h, d) or ISO-8601.
        Object v = mapping(transforms().get(transform)).get(key);
        return v == null ? Duration.ZERO : parseDuration(v.toString());
    }

    static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        double n = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim();
        long ms = switch (unit) {
            case "", "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException("unit '" + unit + "' in duration '" + text + "'");
        };
        return Duration.ofMillis(Math.round(n * ms));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static Map<String, Object> aggregationSpec(Object a) {
        if (a instanceof String s) {
            String[] parts = s.trim().split("\\s+as\\s+");
            String[] f = parts[0].trim().split(":");
            Map<String, Object> m = new HashMap<>();
            m.put("fn", f[0]);
            if (f.length > 1) {
                m.put("field", f[1]);
            }
            if (parts.length > 1) {
                m.put("as", parts[1].trim());
            }
            return m;
        }
        return mapping(a);
    }

    private static List<Aggregation> aggregations(Map<String, Object> t, Schema in) {
        List<Aggregation> out = new ArrayList<>();
        for (Object o : list(t.get("aggregations"))) {
            Map<String, Object> a = aggregationSpec(o);
            String fn = a.get("fn").toString();
            Aggregation.Function f = Aggregation.Function.valueOf(fn.toUpperCase(Locale.ROOT));
            String field = f == Aggregation.Function.COUNT ? null : a.get("field").toString();
            String as = a.containsKey("as") ? a.get("as").toString()
                    : f == Aggregation.Function.COUNT ? "count" : fn.toLowerCase(Locale.ROOT) + "_" + field;
            out.add(new Aggregation(f, field, as));
        }
        return out;
    }

    /** Per output column: the input index (Integer) or the expression text (String), mirroring the compiler's map. */
    private static List<Object> mapPlan(Map<String, Object> t, Schema in, Schema out) {
        Map<String, Object> exprs = mapping(t.get("fields"));
        List<Object> plan = new ArrayList<>();
        for (Schema.Field f : out.fields()) {
            Object e = exprs.get(f.name());
            plan.add(e != null ? (Object) e.toString() : (Object) in.getIndex(f.name()));
        }
        return plan;
    }

    private static LinkedHashMap<String, String> fields(Schema schema) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        schema.fields().forEach(f -> m.put(f.name(), f.type().name()));
        return m;
    }

    private static Schema schema(Map<String, String> fields) {
        List<Schema.Field> list = new ArrayList<>();
        fields.forEach((n, t) -> list.add(new Schema.Field(n, FieldType.valueOf(t))));
        return Schema.of(list);
    }

    // ------------------------------------------------------------------------------------------- Flink functions

    /** {@code map}: expressions recompiled per task from their text. */
    static final class MapStage extends RichMapFunction<Object[], Object[]> {
        private static final long serialVersionUID = 1L;
        private final LinkedHashMap<String, String> inFields;
        private final LinkedHashMap<String, String> outFields;
        private final ArrayList<Object> plan;
        private final String path;
        private transient Schema in;
        private transient Object[] compiledPlan;

        MapStage(LinkedHashMap<String, String> inFields, LinkedHashMap<String, String> outFields, List<Object> plan,
                String path) {
            this.inFields = inFields;
            this.outFields = outFields;
            this.plan = new ArrayList<>(plan);
            this.path = path;
        }

        @Override
        public void open(OpenContext context) {
            in = schema(inFields);
            List<String> names = new ArrayList<>(outFields.keySet());
            compiledPlan = new Object[plan.size()];
            for (int i = 0; i < plan.size(); i++) {
                compiledPlan[i] = plan.get(i) instanceof String text
                        ? Expression.compile(text, in, path + ".fields." + names.get(i)) : plan.get(i);
            }
        }

        @Override
        public Object[] map(Object[] values) {
            Row row = Row.of(in, values);
            Object[] out = new Object[compiledPlan.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = compiledPlan[i] instanceof Integer idx ? values[idx]
                        : ((Expression) compiledPlan[i]).evaluate(row);
            }
            return out;
        }
    }

    /** {@code filter}: the predicate recompiled per task; a {@code null} result drops the row, as locally. */
    static final class FilterStage extends RichFilterFunction<Object[]> {
        private static final long serialVersionUID = 1L;
        private final LinkedHashMap<String, String> inFields;
        private final String text;
        private final String path;
        private transient Schema in;
        private transient Expression predicate;

        FilterStage(LinkedHashMap<String, String> inFields, String text, String path) {
            this.inFields = inFields;
            this.text = text;
            this.path = path;
        }

        @Override
        public void open(OpenContext context) {
            in = schema(inFields);
            predicate = Expression.compilePredicate(text, in, path);
        }

        @Override
        public boolean filter(Object[] values) {
            return Boolean.TRUE.equals(predicate.evaluate(Row.of(in, values)));
        }
    }

    /** The key as a string that keeps null and the value's type distinct (Flink keys cannot be null). */
    static final class FieldKey implements KeySelector<Object[], String> {
        private static final long serialVersionUID = 1L;
        private final int index;

        FieldKey(int index) {
            this.index = index;
        }

        @Override
        public String getKey(Object[] row) {
            Object v = row[index];
            return v == null ? "\u0000null" : v.getClass().getSimpleName() + ":" + v;
        }
    }

    /** Accumulators of one key and window, plus the key's value for the output row. */
    public static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        Object key;
        Accumulator[] accumulators;
    }

    /** Incremental aggregation with the local engine's {@link Accumulator}s. */
    static final class Aggregate implements AggregateFunction<Object[], Partial, Object[]> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<Aggregation> aggregations;
        private final int[] valueIndex;
        private final boolean[] doubles;
        private final int keyIndex;

        Aggregate(List<Aggregation> aggregations, int[] valueIndex, boolean[] doubles, int keyIndex) {
            this.aggregations = new ArrayList<>(aggregations);
            this.valueIndex = valueIndex;
            this.doubles = doubles;
            this.keyIndex = keyIndex;
        }

        @Override
        public Partial createAccumulator() {
            Partial p = new Partial();
            p.accumulators = new Accumulator[aggregations.size()];
            for (int i = 0; i < p.accumulators.length; i++) {
                p.accumulators[i] = new Accumulator(aggregations.get(i), doubles[i]);
            }
            return p;
        }

        @Override
        public Partial add(Object[] row, Partial p) {
            p.key = row[keyIndex];
            for (int i = 0; i < p.accumulators.length; i++) {
                p.accumulators[i].add(valueIndex[i] < 0 ? null : row[valueIndex[i]]);
            }
            return p;
        }

        @Override
        public Object[] getResult(Partial p) {
            Object[] out = new Object[p.accumulators.length + 1];
            out[0] = p.key;
            for (int i = 0; i < p.accumulators.length; i++) {
                out[i + 1] = p.accumulators[i].result();
            }
            return out;
        }

        @Override
        public Partial merge(Partial a, Partial b) {
            for (int i = 0; i < a.accumulators.length; i++) {
                a.accumulators[i].merge(b.accumulators[i]);
            }
            a.key = a.key != null ? a.key : b.key;
            return a;
        }
    }

    /** Adds {@code window_start, window_end} after the key: the local engine's output column order. */
    static final class EmitWindow extends ProcessWindowFunction<Object[], Object[], String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context context, Iterable<Object[]> results, Collector<Object[]> out) {
            for (Object[] r : results) {
                Object[] row = new Object[r.length + 2];
                row[0] = r[0];
                row[1] = context.window().getStart();
                row[2] = context.window().getEnd();
                System.arraycopy(r, 1, row, 3, r.length - 1);
                out.collect(row);
            }
        }
    }
}
