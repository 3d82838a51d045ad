package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

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
        return new TextLineSource(path, schema, "csv");
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
        return new TextLineSource(path, schema, "jsonl");
    }

    /** Reads a UTF-8 file line by line; subclasses turn a line into a row. */
    private static final class TextLineSource implements Source {
        private final Path path;
        private final Schema schema;
        private final String format;

        TextLineSource(Path path, Schema schema, String format) {
            this.path = path;
            this.schema = schema;
            this.format = format;
        }

        @Override
        public Schema schema() {
            return schema;
        }

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
            LineFormat lines = LineFormat.of(format, path.toString(), schema);
            boolean hasHeader = lines.hasHeader();
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
                                lines.header(h);
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
                    return lines.parse(line, lineNumber);
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
