package io.multisystem.pipeline.synthetic;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.io.CsvFormat;
import io.multisystem.pipeline.record.Errors;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes tables as CSV (RFC 4180, UTF-8, header row). A column is numeric when every non-empty cell parses
 * as a number and it is not listed as categorical; otherwise categorical. Empty cells are missing values.
 *
 * <p>Also reads scikit-learn's bundled dataset files (iris.csv, wine_data.csv, breast_cancer.csv): their first line is
 * {@code rows,features,class names...} instead of a header; columns are then named {@code f0..fN-1} and {@code target},
 * and the target's codes are replaced by the class names.
 */
public final class TableCsv {
    private TableCsv() {
    }

    /**
     * @throws InvalidInputException with code {@code FILE_NOT_READABLE}, {@code CSV_INVALID} (with the line number)
     *     or {@code CSV_EMPTY}
     */
    public static Table read(Path file, Set<String> categorical) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE",
                    "cannot read " + file + ": " + e.getMessage());
        }
        return parse(lines, file, categorical);
    }

    /** A table from CSV text; {@code source} names it in error messages (e.g. the request field). */
    public static Table parse(String text, String source, Set<String> categorical) {
        return parse(new ArrayList<>(text.lines().toList()), Path.of(source), categorical);
    }

    private static Table parse(List<String> lines, Path file, Set<String> categorical) {
        lines.removeIf(String::isBlank);
        if (lines.size() < 2) {
            throw new InvalidInputException(Errors.COMPONENT, "CSV_EMPTY",
                    file + " needs a header line and at least one data line");
        }
        List<String> header = CsvFormat.parseLine(lines.get(0), file, 1);
        List<String> classNames = List.of();
        boolean sklearn = isSklearnHeader(header, lines, file);
        if (sklearn) {
            int features = Integer.parseInt(header.get(1).trim());
            classNames = header.subList(2, header.size());
            header = new ArrayList<>();
            for (int i = 0; i < features; i++) {
                header.add("f" + i);
            }
            header.add("target");
        }
        int width = header.size();
        List<List<String>> cells = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> row = CsvFormat.parseLine(lines.get(i), file, i + 1);
            if (row.size() != width) {
                throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", file + ":" + (i + 1) + ": expected "
                        + width + " cells like the header, found " + row.size());
            }
            cells.add(row);
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            String name = header.get(c).trim();
            boolean target = sklearn && c == width - 1 && !classNames.isEmpty();
            columns.add(column(name, cells, c, target || categorical.contains(name), target ? classNames : null));
        }
        return new Table(columns);
    }

    public static void write(Table table, Writer out) throws IOException {
        List<String> names = table.names();
        for (int i = 0; i < names.size(); i++) {
            out.write((i == 0 ? "" : ",") + CsvFormat.quote(names.get(i)));
        }
        out.write("\n");
        for (int r = 0; r < table.rows(); r++) {
            for (int c = 0; c < table.columns().size(); c++) {
                Column column = table.columns().get(c);
                out.write((c == 0 ? "" : ",") + (column.isMissing(r) ? "" : CsvFormat.quote(column.text(r))));
            }
            out.write("\n");
        }
    }

    public static String toCsv(Table table) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            write(table, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(Table table, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(table, out);
        } catch (IOException e) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_WRITABLE",
                    "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Column column(String name, List<List<String>> cells, int c, boolean forceCategorical,
                                 List<String> classNames) {
        int n = cells.size();
        if (!forceCategorical) {
            double[] values = new double[n];
            boolean numeric = true;
            for (int r = 0; r < n && numeric; r++) {
                String cell = cells.get(r).get(c).trim();
                if (cell.isEmpty()) {
                    values[r] = Double.NaN;
                    continue;
                }
                try {
                    values[r] = Double.parseDouble(cell);
                    numeric = Double.isFinite(values[r]);
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (numeric) {
                return Column.Numeric.of(name, values);
            }
        }
        String[] values = new String[n];
        for (int r = 0; r < n; r++) {
            String cell = cells.get(r).get(c).trim();
            if (classNames != null) {
                int code = (int) Double.parseDouble(cell);
                cell = code >= 0 && code < classNames.size() ? classNames.get(code).trim() : cell;
            }
            values[r] = cell.isEmpty() ? null : cell;
        }
        return new Column.Categorical(name, values);
    }

    private static boolean isSklearnHeader(List<String> header, List<String> lines, Path file) {
        if (header.size() < 2) {
            return false;
        }
        try {
            int rows = Integer.parseInt(header.get(0).trim());
            int features = Integer.parseInt(header.get(1).trim());
            int width = CsvFormat.parseLine(lines.get(1), file, 2).size();
            return rows == lines.size() - 1 && width == features + 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
