package io.multisystem.pipeline.io;

import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Factory of the built-in sinks: in-memory, CSV with a header line, JSON Lines. File sinks overwrite the file. */
public final class Sinks {
    private Sinks() {
    }

    /** Keeps rows in memory. */
    public static CollectingSink collecting() {
        return new CollectingSink() {
            private final List<Row> rows = new ArrayList<>();

            @Override
            public void open(Schema schema) {
            }

            @Override
            public synchronized void write(Row row) {
                rows.add(row);
            }

            @Override
            public void close() {
            }

            @Override
            public synchronized List<Row> rows() {
                return List.copyOf(rows);
            }
        };
    }

    /**
     * RFC 4180 CSV, header line first, {@code null} as an empty cell.
     *
     * @throws UnavailableException (code {@code OUTPUT_UNWRITABLE}) when the file cannot be written
     */
    public static Sink csv(Path path) {
        return new TextLineSink(path) {
            @Override
            String header(Schema schema) {
                return schema.names().stream().map(CsvFormat::quote).collect(Collectors.joining(","));
            }

            @Override
            String line(Row row) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < row.schema().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(CsvFormat.quote(row.get(i)));
                }
                return sb.toString();
            }
        };
    }

    /**
     * One JSON object per row, members in schema order, {@code null} values written as JSON null.
     *
     * @throws UnavailableException (code {@code OUTPUT_UNWRITABLE}) when the file cannot be written
     */
    public static Sink jsonLines(Path path) {
        ObjectMapper mapper = JsonMapper.builder().build();
        return new TextLineSink(path) {
            @Override
            String line(Row row) {
                return mapper.writeValueAsString(row.toMap());
            }
        };
    }

    /** One JSON object per row on {@code out} (flushed on close, never closed: it is usually stdout). */
    public static Sink stdout(java.io.PrintStream out) {
        ObjectMapper mapper = JsonMapper.builder().build();
        return new Sink() {
            @Override
            public void open(Schema schema) {
            }

            @Override
            public void write(Row row) {
                out.println(mapper.writeValueAsString(row.toMap()));
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    private abstract static class TextLineSink implements Sink {
        private final Path path;
        private BufferedWriter writer;

        TextLineSink(Path path) {
            this.path = path;
        }

        String header(Schema schema) {
            return null;
        }

        abstract String line(Row row);

        @Override
        public void open(Schema schema) {
            try {
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                String h = header(schema);
                if (h != null) {
                    writer.write(h);
                    writer.newLine();
                }
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void write(Row row) {
            try {
                writer.write(line(row));
                writer.newLine();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {
            if (writer == null) {
                return;
            }
            try {
                writer.close();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private UnavailableException failure(IOException e) {
            return new UnavailableException(Errors.COMPONENT, "OUTPUT_UNWRITABLE", Severity.OPERATIONAL,
                    "cannot write " + path + ": " + e + "; check the directory exists and is writable", Map.of(), e);
        }
    }
}
