package io.multisystem.pipeline.definition;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline definition as written by its author: the YAML document's tree (maps, lists, scalars), or the same tree
 * made with {@link #builder(String)}, plus the directory relative file paths are resolved against. Immutable; it is
 * checked only by {@link PipelineCompiler}, so YAML and Java definitions get the same checks and the same error paths
 * ({@code transforms[2].expr}). The format is documented in {@code specs/pipeline-engine.md}.
 */
public final class PipelineDefinition {
    private final Map<String, Object> tree;
    private final Path baseDirectory;

    private PipelineDefinition(Map<String, Object> tree, Path baseDirectory) {
        this.tree = deepCopy(tree);
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory").toAbsolutePath().normalize();
    }

    /**
     * Parses a YAML document.
     *
     * @param baseDirectory relative paths in the definition are resolved against it
     * @throws InvalidInputException (code {@code PIPELINE_YAML_INVALID}) with the line and column of a syntax error,
     *                               or when the document is not a mapping
     */
    public static PipelineDefinition parseYaml(String yaml, Path baseDirectory) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            root = new Yaml(new SafeConstructor(options)).load(yaml == null ? "" : yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": ";
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "PIPELINE_YAML_INVALID", List.of(
                    new FieldViolation("<yaml>", where + e.getProblem())));
        } catch (YAMLException e) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "PIPELINE_YAML_INVALID", List.of(
                    new FieldViolation("<yaml>", e.getMessage())));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw InvalidInputException.ofViolations(Errors.COMPONENT, "PIPELINE_YAML_INVALID", List.of(
                    new FieldViolation("<root>", "the document must be a mapping with sources, input, transforms "
                            + "and sink; found " + (root == null ? "nothing" : root.getClass().getSimpleName()))));
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        map.forEach((k, v) -> tree.put(String.valueOf(k), v));
        return new PipelineDefinition(tree, baseDirectory);
    }

    /** The definition tree (an unmodifiable deep copy). */
    public Map<String, Object> tree() {
        return tree;
    }

    public Path baseDirectory() {
        return baseDirectory;
    }

    /** The {@code name} of the pipeline, or "pipeline". */
    public String name() {
        Object n = tree.get("name");
        return n == null ? "pipeline" : n.toString();
    }

    /** Starts a definition in Java; the result is the same tree a YAML document gives. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) java.util.Collections.unmodifiableList(copy);
        }
        return value;
    }

    /**
     * Fluent Java form of a definition. Every method appends to the same tree a YAML document would give; nothing is
     * checked until {@link PipelineCompiler#compile}. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Object> tree = new LinkedHashMap<>();
        private final Map<String, Object> sources = new LinkedHashMap<>();
        private final List<Object> transforms = new ArrayList<>();

        private Builder(String name) {
            tree.put("name", name);
            tree.put("sources", sources);
            tree.put("transforms", transforms);
        }

        /** {@code batch} or {@code streaming}. */
        public Builder mode(String mode) {
            tree.put("mode", mode);
            return this;
        }

        public Builder parallelism(int parallelism) {
            tree.put("parallelism", parallelism);
            return this;
        }

        /** A source of any type: {@code options} are the YAML keys ({@code type}, {@code path}, {@code schema}...). */
        public Builder source(String name, Map<String, ?> options) {
            sources.put(name, new LinkedHashMap<>(options));
            return this;
        }

        /** A CSV file source; {@code schema} maps field names to types (string, long, double, boolean, timestamp). */
        public Builder csvSource(String name, Path path, Map<String, String> schema) {
            return source(name, Map.of("type", "csv", "path", path.toString(), "schema", new LinkedHashMap<>(schema)));
        }

        public Builder jsonLinesSource(String name, Path path, Map<String, String> schema) {
            return source(name, Map.of("type", "jsonl", "path", path.toString(), "schema",
                    new LinkedHashMap<>(schema)));
        }

        /** An Avro file source; the schema is read from the file. */
        public Builder avroSource(String name, Path path) {
            return source(name, Map.of("type", "avro", "path", path.toString()));
        }

        /** A PostgreSQL table source. */
        public Builder postgresTableSource(String name, String url, String user, String table) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "postgres");
            o.put("url", url);
            if (user != null) {
                o.put("user", user);
            }
            o.put("table", table);
            return source(name, o);
        }

        /**
         * A followed file ({@code tail -F}) in {@code format} csv or jsonl; {@code idleTimeout} (e.g. "5s") and
         * {@code maxRecords} (0: none) end it, at least one of them is needed in batch mode.
         */
        public Builder tailSource(String name, Path path, String format, Map<String, String> schema,
                String pollInterval, String idleTimeout, long maxRecords) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "tail");
            o.put("path", path.toString());
            o.put("format", format);
            o.put("schema", new LinkedHashMap<>(schema));
            o.put("pollInterval", pollInterval);
            return source(name, stopOptions(o, idleTimeout, maxRecords));
        }

        /** Line-delimited csv or jsonl read from a TCP connection to {@code host:port}. */
        public Builder socketSource(String name, String host, int port, String format, Map<String, String> schema,
                String idleTimeout, long maxRecords) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "socket");
            o.put("host", host);
            o.put("port", port);
            o.put("format", format);
            o.put("schema", new LinkedHashMap<>(schema));
            return source(name, stopOptions(o, idleTimeout, maxRecords));
        }

        private static Map<String, Object> stopOptions(Map<String, Object> o, String idleTimeout, long maxRecords) {
            if (idleTimeout != null) {
                o.put("idleTimeout", idleTimeout);
            }
            if (maxRecords > 0) {
                o.put("maxRecords", maxRecords);
            }
            return o;
        }

        /** The source the transforms read (defaults to the only source). */
        public Builder input(String sourceName) {
            tree.put("input", sourceName);
            return this;
        }

        /** A transform of any type: {@code options} are the YAML keys besides {@code type}. */
        public Builder transform(String type, Map<String, ?> options) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", type);
            t.putAll(options);
            transforms.add(t);
            return this;
        }

        /** Computes fields (name → expression), keeping the input fields. */
        public Builder map(Map<String, String> fields) {
            return transform("map", Map.of("fields", new LinkedHashMap<>(fields)));
        }

        /** Keeps only these fields, computed by these expressions. */
        public Builder select(Map<String, String> fields) {
            return transform("map", Map.of("fields", new LinkedHashMap<>(fields), "keep", false));
        }

        public Builder filter(String predicate) {
            return transform("filter", Map.of("expr", predicate));
        }

        /** One row per piece of the STRING expression split by {@code separator}, the piece in field {@code as}. */
        public Builder flatMap(String split, String separator, String as) {
            return transform("flatMap", Map.of("split", split, "separator", separator, "as", as));
        }

        public Builder keyBy(String field) {
            return transform("keyBy", Map.of("field", field));
        }

        public Builder tumblingWindow(String timestamp, String size, String maxOutOfOrderness,
                String allowedLateness) {
            return transform("window", Map.of("kind", "tumbling", "timestamp", timestamp, "size", size,
                    "maxOutOfOrderness", maxOutOfOrderness, "allowedLateness", allowedLateness));
        }

        public Builder slidingWindow(String timestamp, String size, String slide, String maxOutOfOrderness,
                String allowedLateness) {
            return transform("window", Map.of("kind", "sliding", "timestamp", timestamp, "size", size, "slide",
                    slide, "maxOutOfOrderness", maxOutOfOrderness, "allowedLateness", allowedLateness));
        }

        public Builder sessionWindow(String timestamp, String gap, String maxOutOfOrderness, String allowedLateness) {
            return transform("window", Map.of("kind", "session", "timestamp", timestamp, "gap", gap,
                    "maxOutOfOrderness", maxOutOfOrderness, "allowedLateness", allowedLateness));
        }

        /**
         * Aggregates per key (and window, after a window): each entry is {@code fn[:field][:q] as name}, e.g.
         * {@code "count as n"}, {@code "sum:amount as total"}, {@code "quantile:amount:0.9 as p90"}.
         */
        public Builder aggregate(String... aggregations) {
            List<Object> list = new ArrayList<>();
            for (String a : aggregations) {
                list.add(a);
            }
            return transform("aggregate", Map.of("aggregations", list));
        }

        /** Batch hash join with the named (bounded) source. {@code kind} is inner or left. */
        public Builder join(String with, String leftKey, String rightKey, String kind) {
            return transform("join", Map.of("with", with, "leftKey", leftKey, "rightKey", rightKey, "kind", kind));
        }

        /**
         * Stream-stream interval join with source {@code with}: rows whose keys are equal and whose right event time
         * lies in [left time + lower, left time + upper] ("-5s", "10s"); the right key and timestamp fields have the
         * left names.
         */
        public Builder intervalJoin(String with, String key, String timestamp, String lower, String upper,
                String maxOutOfOrderness) {
            return transform("intervalJoin", Map.of("with", with, "leftKey", key, "leftTimestamp", timestamp,
                    "lower", lower, "upper", upper, "maxOutOfOrderness", maxOutOfOrderness));
        }

        /** Enriches each row from lookup table {@code with}; {@code onMiss} is drop, nulls or deadLetter. */
        public Builder lookupJoin(String with, String key, String tableKey, String onMiss,
                Map<String, ?> deadLetterSink) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("with", with);
            o.put("key", key);
            o.put("tableKey", tableKey);
            o.put("onMiss", onMiss);
            if (deadLetterSink != null) {
                o.put("deadLetter", new LinkedHashMap<>(deadLetterSink));
            }
            return transform("lookupJoin", o);
        }

        public Builder union(String... sourceNames) {
            return transform("union", Map.of("with", List.of(sourceNames)));
        }

        public Builder deduplicate(String... keys) {
            return transform("deduplicate", Map.of("keys", List.of(keys)));
        }

        /** The sink: {@code options} are the YAML keys ({@code type}, {@code path}...). */
        public Builder sink(Map<String, ?> options) {
            tree.put("sink", new LinkedHashMap<>(options));
            return this;
        }

        public Builder csvSink(Path path) {
            return sink(Map.of("type", "csv", "path", path.toString()));
        }

        public Builder jsonLinesSink(Path path) {
            return sink(Map.of("type", "jsonl", "path", path.toString()));
        }

        public Builder avroSink(Path path) {
            return sink(Map.of("type", "avro", "path", path.toString()));
        }

        /** Where records beyond the allowed lateness go. */
        public Builder lateSink(Map<String, ?> options) {
            tree.put("lateSink", new LinkedHashMap<>(options));
            return this;
        }

        public PipelineDefinition build(Path baseDirectory) {
            return new PipelineDefinition(tree, baseDirectory);
        }
    }
}
