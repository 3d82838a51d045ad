package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Contexts as CSV (RFC 4180). The first record is the header: a label for the object column (ignored) followed by the
 * attribute names; every further record is an object name followed by one cell per attribute.
 *
 * <ul>
 *   <li>One-hot ({@link #parseBinary}): a cell is {@code 1, X, x, true, yes} (incidence) or {@code 0, ., false, no}
 *       or empty (none), case-insensitive.</li>
 *   <li>Many-valued ({@link #parseManyValued}): cells are arbitrary values, empty meaning "no value".</li>
 * </ul>
 * Errors are {@link InvalidInputException} with code {@code CSV_INVALID}, naming line and column. Stateless and
 * thread-safe.
 */
public final class CsvFormat {
    private static final Set<String> TRUE = Set.of("1", "x", "true", "yes");
    private static final Set<String> FALSE = Set.of("0", ".", "false", "no", "");

    private CsvFormat() {
    }

    /** Parses a one-hot CSV context. @throws InvalidInputException {@code CSV_INVALID} if malformed */
    public static FormalContext parseBinary(String text) {
        Table table = table(text);
        FormalContext.Builder builder = FormalContext.builder(table.objects, table.attributes);
        for (int g = 0; g < table.rows.size(); g++) {
            CsvRecords.Row row = table.rows.get(g);
            for (int m = 0; m < table.attributes.size(); m++) {
                String cell = row.fields().get(m + 1).strip().toLowerCase(Locale.ROOT);
                if (TRUE.contains(cell)) {
                    builder.add(g, m);
                } else if (!FALSE.contains(cell)) {
                    throw new InvalidInputException(FormalContext.COMPONENT, CsvRecords.CODE, "line " + row.line()
                            + ", field " + (m + 2) + " (attribute '" + table.attributes.get(m)
                            + "'): expected 1/0, X/., true/false or yes/no, got '" + row.fields().get(m + 1) + "'");
                }
            }
        }
        return builder.build();
    }

    /** Parses a many-valued CSV context. @throws InvalidInputException {@code CSV_INVALID} if malformed */
    public static ManyValuedContext parseManyValued(String text) {
        Table table = table(text);
        List<List<String>> values = new ArrayList<>();
        for (CsvRecords.Row row : table.rows) {
            values.add(row.fields().subList(1, row.fields().size()));
        }
        return ManyValuedContext.of(table.objects, table.attributes, values);
    }

    /** The context as one-hot CSV ({@code 1}/{@code 0}), header label {@code object}. */
    public static String formatBinary(FormalContext context) {
        StringBuilder out = new StringBuilder("object");
        for (String attribute : context.attributes()) {
            out.append(',').append(CsvRecords.quote(attribute));
        }
        out.append('\n');
        for (int g = 0; g < context.objectCount(); g++) {
            out.append(CsvRecords.quote(context.objects().get(g)));
            for (int m = 0; m < context.attributeCount(); m++) {
                out.append(context.has(g, m) ? ",1" : ",0");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The many-valued context as CSV, header label {@code object}. */
    public static String formatManyValued(ManyValuedContext context) {
        StringBuilder out = new StringBuilder("object");
        for (String attribute : context.attributes()) {
            out.append(',').append(CsvRecords.quote(attribute));
        }
        out.append('\n');
        for (int g = 0; g < context.objects().size(); g++) {
            out.append(CsvRecords.quote(context.objects().get(g)));
            for (int m = 0; m < context.attributes().size(); m++) {
                out.append(',').append(CsvRecords.quote(context.value(g, m)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static Table table(String text) {
        List<CsvRecords.Row> records = CsvRecords.parse(text == null ? "" : text);
        if (records.isEmpty()) {
            throw new InvalidInputException(FormalContext.COMPONENT, CsvRecords.CODE,
                    "line 1: expected a header (object label, then attribute names), the input is empty");
        }
        CsvRecords.Row header = records.get(0);
        List<String> attributes = new ArrayList<>();
        for (String name : header.fields().subList(1, header.fields().size())) {
            attributes.add(name.strip());
        }
        List<String> objects = new ArrayList<>();
        List<CsvRecords.Row> rows = records.subList(1, records.size());
        for (CsvRecords.Row row : rows) {
            if (row.fields().size() != attributes.size() + 1) {
                throw new InvalidInputException(FormalContext.COMPONENT, CsvRecords.CODE, "line " + row.line()
                        + ": expected " + (attributes.size() + 1) + " fields (object name and one per attribute), got "
                        + row.fields().size());
            }
            objects.add(row.fields().get(0).strip());
        }
        return new Table(objects, attributes, rows);
    }

    private record Table(List<String> objects, List<String> attributes, List<CsvRecords.Row> rows) {
    }
}
