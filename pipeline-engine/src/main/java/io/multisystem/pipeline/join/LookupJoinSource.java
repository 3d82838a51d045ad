package io.multisystem.pipeline.join;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Lookup join (enrichment): every input row is extended with the one row of a lookup table whose key equals the
 * row's key.
 *
 * <p>Design note: the table (any bounded source: CSV, JSON Lines, a PostgreSQL query...) is loaded into a hash map
 * when the input is opened, before the first row is read, so the input may be unbounded (a tailed file, a socket);
 * a key must be unique in the table (two rows for one key fail the run with {@code LOOKUP_DUPLICATE_KEY} rather than
 * multiply rows). A row whose key is null or absent from the table follows the miss policy: {@code DROP} it,
 * {@code NULLS} (keep it, table fields null), or {@code DEAD_LETTER}: write it, with an {@code error} field saying
 * why, to the dead-letter sink, which is opened and closed with the input. LONG and TIMESTAMP keys compare as
 * numbers. Memory: the whole table.
 */
public final class LookupJoinSource implements Source {
    /** What happens to a row without a match. */
    public enum MissPolicy { DROP, NULLS, DEAD_LETTER }

    private final Source input;
    private final int inputKey;
    private final Source table;
    private final int tableKey;
    private final String tableName;
    private final MissPolicy policy;
    private final Sink deadLetter;
    private final Schema output;
    private volatile long matched;
    private volatile long missed;

    /**
     * @param output     the input's fields followed by the table's
     * @param deadLetter required for {@link MissPolicy#DEAD_LETTER}, receives rows of {@link #deadLetterSchema}
     */
    public LookupJoinSource(Source input, int inputKey, Source table, int tableKey, String tableName,
            MissPolicy policy, Sink deadLetter, Schema output) {
        if (policy == MissPolicy.DEAD_LETTER && deadLetter == null) {
            throw new IllegalArgumentException("the dead-letter policy needs a sink");
        }
        this.input = input;
        this.inputKey = inputKey;
        this.table = table;
        this.tableKey = tableKey;
        this.tableName = tableName;
        this.policy = policy;
        this.deadLetter = deadLetter;
        this.output = output;
    }

    /** The input's fields and {@code error} (STRING), or {@code _error} when the input has an {@code error}. */
    public static Schema deadLetterSchema(Schema input) {
        List<Schema.Field> fields = new ArrayList<>(input.fields());
        fields.add(new Schema.Field(input.findIndex("error").isPresent() ? "_error" : "error", FieldType.STRING));
        return Schema.of(fields);
    }

    @Override
    public Schema schema() {
        return output;
    }

    /** Input rows that found their table row (last run). */
    public long matched() {
        return matched;
    }

    /** Input rows that did not (last run). */
    public long missed() {
        return missed;
    }

    @Override
    public RowIterator open() {
        Map<Object, Row> lookup = load();
        Schema dlSchema = deadLetterSchema(input.schema());
        String keyName = input.schema().fields().get(inputKey).name();
        String tableKeyName = table.schema().fields().get(tableKey).name();
        RowIterator in = input.open();
        if (deadLetter != null) {
            try {
                deadLetter.open(dlSchema);
            } catch (RuntimeException e) {
                in.close();
                throw e;
            }
        }
        matched = 0;
        missed = 0;
        return new RowIterator() {
            private Row pending;

            @Override
            public boolean hasNext() {
                while (pending == null && in.hasNext()) {
                    Row row = in.next();
                    Object key = row.get(inputKey);
                    Row match = key == null ? null : lookup.get(normalize(key));
                    if (match != null) {
                        matched++;
                        pending = combine(row, match);
                        continue;
                    }
                    missed++;
                    switch (policy) {
                        case DROP -> {
                        }
                        case NULLS -> pending = combine(row, null);
                        case DEAD_LETTER -> {
                            Object[] values = new Object[dlSchema.size()];
                            for (int i = 0; i < row.schema().size(); i++) {
                                values[i] = row.get(i);
                            }
                            values[values.length - 1] = key == null ? keyName + " is null"
                                    : "no row in lookup table '" + tableName + "' with " + tableKeyName + " = " + key;
                            deadLetter.write(Row.of(dlSchema, values));
                        }
                    }
                }
                return pending != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = pending;
                pending = null;
                return r;
            }

            @Override
            public void close() {
                try {
                    in.close();
                } finally {
                    if (deadLetter != null) {
                        deadLetter.close();
                    }
                }
            }
        };
    }

    private Map<Object, Row> load() {
        Map<Object, Row> lookup = new HashMap<>();
        try (RowIterator rows = table.open()) {
            while (rows.hasNext()) {
                Row r = rows.next();
                Object k = r.get(tableKey);
                if (k == null) {
                    continue;
                }
                Row previous = lookup.putIfAbsent(normalize(k), r);
                if (previous != null) {
                    throw new InvalidInputException(Errors.COMPONENT, "LOOKUP_DUPLICATE_KEY", "lookup table '"
                            + tableName + "' has two rows with " + table.schema().fields().get(tableKey).name()
                            + " = " + k + "; a lookup table needs unique keys (use a join for one-to-many)");
                }
            }
        }
        return lookup;
    }

    private Row combine(Row row, Row match) {
        Object[] values = new Object[output.size()];
        int n = row.schema().size();
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        if (match != null) {
            for (int i = 0; i < match.schema().size(); i++) {
                values[n + i] = match.get(i);
            }
        }
        return Row.of(output, values);
    }

    private static Object normalize(Object key) {
        return key instanceof Integer i ? (Object) i.longValue() : key;
    }
}
