package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns text lines into rows: CSV (RFC 4180 cells; the first line names the columns, matched to schema fields by
 * name; an empty cell is null) or JSON Lines (one object per line; missing or null members are null). Shared by the
 * file, tailed-file and socket sources; {@code origin} (a path or {@code host:port}) prefixes every error. Not
 * thread-safe: one instance per reader.
 */
public abstract class LineFormat {
    final String origin;
    final Schema schema;

    private LineFormat(String origin, Schema schema) {
        this.origin = origin;
        this.schema = schema;
    }

    /** Whether the first line is a header (passed to {@link #header}) rather than a row. */
    public abstract boolean hasHeader();

    /** Reads the header line. */
    public void header(String line) {
    }

    /**
     * One line as a row.
     *
     * @throws InvalidInputException {@code CSV_INVALID} / {@code JSONL_INVALID} naming the origin, line and field
     */
    public abstract Row parse(String line, long lineNumber);

    /** The format named {@code csv} or {@code jsonl}. */
    public static LineFormat of(String name, String origin, Schema schema) {
        return name.equalsIgnoreCase("csv") ? csv(origin, schema) : jsonLines(origin, schema);
    }

    public static LineFormat csv(String origin, Schema schema) {
        Path where = Path.of(origin);
        return new LineFormat(origin, schema) {
            private int[] schemaIndexOfColumn;

            @Override
            public boolean hasHeader() {
                return true;
            }

            @Override
            public void header(String line) {
                List<String> names = CsvFormat.parseLine(line, where, 1);
                schemaIndexOfColumn = new int[names.size()];
                for (String field : schema.names()) {
                    if (!names.contains(field)) {
                        throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", origin + ":1: header "
                                + names + " lacks field '" + field + "'; add the column or remove it from the schema");
                    }
                }
                for (int i = 0; i < names.size(); i++) {
                    schemaIndexOfColumn[i] = schema.findIndex(names.get(i)).orElse(-1);
                }
            }

            @Override
            public Row parse(String line, long lineNumber) {
                List<String> cells = CsvFormat.parseLine(line, where, lineNumber);
                if (cells.size() != schemaIndexOfColumn.length) {
                    throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", origin + ":" + lineNumber
                            + ": expected " + schemaIndexOfColumn.length + " cells, found " + cells.size());
                }
                Object[] values = new Object[schema.size()];
                for (int c = 0; c < cells.size(); c++) {
                    int f = schemaIndexOfColumn[c];
                    if (f < 0) {
                        continue;
                    }
                    Schema.Field field = schema.fields().get(f);
                    try {
                        values[f] = field.type().parse(cells.get(c));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", origin + ":" + lineNumber
                                + ": column " + (c + 1) + " (" + field.name() + ") is not a " + field.type() + ": '"
                                + cells.get(c) + "'");
                    }
                }
                return Row.of(schema, values);
            }
        };
    }

    public static LineFormat jsonLines(String origin, Schema schema) {
        ObjectMapper mapper = JsonMapper.builder().build();
        return new LineFormat(origin, schema) {
            @Override
            public boolean hasHeader() {
                return false;
            }

            @Override
            public Row parse(String line, long lineNumber) {
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (JacksonException e) {
                    throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", origin + ":" + lineNumber
                            + ": not valid JSON: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", origin + ":" + lineNumber
                            + ": expected a JSON object per line");
                }
                Object[] values = new Object[schema.size()];
                for (int f = 0; f < schema.size(); f++) {
                    Schema.Field field = schema.fields().get(f);
                    JsonNode v = node.get(field.name());
                    if (v == null || v.isNull()) {
                        continue;
                    }
                    values[f] = convert(v, field.type());
                    if (values[f] == null) {
                        throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", origin + ":" + lineNumber
                                + ": /" + field.name() + " is not a " + field.type() + ": " + v);
                    }
                }
                return Row.of(schema, values);
            }
        };
    }

    private static Object convert(JsonNode v, FieldType type) {
        return switch (type) {
            case STRING -> v.isString() ? v.asString() : null;
            case LONG, TIMESTAMP -> v.isIntegralNumber() && v.canConvertToLong() ? (Object) v.asLong() : null;
            case DOUBLE -> v.isNumber() ? (Object) v.asDouble() : null;
            case BOOLEAN -> v.isBoolean() ? (Object) v.asBoolean() : null;
        };
    }
}
