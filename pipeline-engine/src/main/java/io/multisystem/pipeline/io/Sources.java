package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Factory of the built-in sources: in-memory rows, CSV with a header line, JSON Lines. */
public final class Sources {
    private Sources() {
    }

    /** Rows held in memory; each must have {@code schema}. */
    public static Source collection(Schema schema, List<Row> rows) {
        List<Row> copy = List.copyOf(rows);
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                Iterator<Row> it = copy.iterator();
                return new RowIterator() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Row next() {
                        return it.next();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    /**
     * RFC 4180 CSV (comma, double-quote quoting, UTF-8) whose first line names the columns. Columns are matched to
     * schema fields by name; an empty cell is {@code null}; quoted cells may not span lines.
     *
     * @throws NotFoundException (code {@code INPUT_NOT_FOUND}) when the file is missing, at {@link Source#open()}
     * @throws InvalidInputException (code {@code CSV_INVALID}) naming line and column for a header that lacks a
     *                               schema field or a cell that does not parse as its type
     */
    public static Source csv(Path path, Schema schema) {
        return new TextLineSource(path, schema, true) {
            private int[] schemaIndexOfColumn;

            @Override
            void header(String line) {
                List<String> names = CsvFormat.parseLine(line, path, 1);
                schemaIndexOfColumn = new int[names.size()];
                for (String field : schema.names()) {
                    if (!names.contains(field)) {
                        throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", path + ":1: header "
                                + names + " lacks field '" + field + "'; add the column or remove it from the schema");
                    }
                }
                for (int i = 0; i < names.size(); i++) {
                    schemaIndexOfColumn[i] = schema.findIndex(names.get(i)).orElse(-1);
                }
            }

            @Override
            Row parse(String line, long lineNumber) {
                List<String> cells = CsvFormat.parseLine(line, path, lineNumber);
                if (cells.size() != schemaIndexOfColumn.length) {
                    throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", path + ":" + lineNumber
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
                        throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", path + ":" + lineNumber
                                + ": column " + (c + 1) + " (" + field.name() + ") is not a " + field.type() + ": '"
                                + cells.get(c) + "'");
                    }
                }
                return Row.of(schema, values);
            }
        };
    }

    /**
     * One JSON object per line (UTF-8); blank lines are skipped, missing or null members are {@code null}, members
     * not in the schema are ignored. Numbers must fit the field's type (a LONG field rejects {@code 1.5}).
     *
     * @throws NotFoundException (code {@code INPUT_NOT_FOUND}) when the file is missing
     * @throws InvalidInputException (code {@code JSONL_INVALID}) naming the line and the JSON pointer of the bad
     *                               member
     */
    public static Source jsonLines(Path path, Schema schema) {
        ObjectMapper mapper = JsonMapper.builder().build();
        return new TextLineSource(path, schema, false) {
            @Override
            Row parse(String line, long lineNumber) {
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (JacksonException e) {
                    throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", path + ":" + lineNumber
                            + ": not valid JSON: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", path + ":" + lineNumber
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
                        throw new InvalidInputException(Errors.COMPONENT, "JSONL_INVALID", path + ":" + lineNumber
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

    /** Reads a UTF-8 file line by line; subclasses turn a line into a row. */
    private abstract static class TextLineSource implements Source {
        private final Path path;
        private final Schema schema;
        private final boolean hasHeader;

        TextLineSource(Path path, Schema schema, boolean hasHeader) {
            this.path = path;
            this.schema = schema;
            this.hasHeader = hasHeader;
        }

        @Override
        public Schema schema() {
            return schema;
        }

        void header(String line) {
        }


        abstract Row parse(String line, long lineNumber);

        @Override
        public RowIterator open() {
            BufferedReader reader;
            try {
                reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new NotFoundException(Errors.COMPONENT, "INPUT_NOT_FOUND", "input file " + path
                        + " does not exist; check the path");
            } catch (IOException e) {
                throw new UnavailableException(Errors.COMPONENT, "INPUT_UNREADABLE", Severity.OPERATIONAL, "cannot read " + path + ": " + e,
                        Map.of(), e);
            }
            return new RowIterator() {
                private long lineNumber;
                private String pending;
                private boolean started;

                private void advance() {
                    try {
                        if (!started) {
                            started = true;
                            if (hasHeader) {
                                String h = reader.readLine();
                                lineNumber++;
                                if (h == null) {
                                    throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", path
                                            + ": empty file; the first line must name the columns");
                                }
                                header(h);
                            }
                        }
                        while (pending == null) {
                            String line = reader.readLine();
                            if (line == null) {
                                return;
                            }
                            lineNumber++;
                            if (!line.isBlank()) {
                                pending = line;
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    advance();
                    return pending != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    String line = pending;
                    pending = null;
                    return parse(line, lineNumber);
                }

                @Override
                public void close() {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }
}
