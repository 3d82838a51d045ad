package io.multisystem.lattice.query;

import java.util.List;

/**
 * The answer to a query: a table. {@code kind} names the query form (concepts, ancestors, lca, ...).
 * Immutable.
 */
public record QueryResult(String kind, List<String> columns, List<List<String>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** A fixed-width text table. */
    public String render() {
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.min(60, Math.max(width[c], r.get(c).length()));
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, columns, width);
        for (List<String> r : rows) {
            appendRow(out, r, width);
        }
        out.append("(").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)");
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            if (cell.length() > 60) {
                cell = cell.substring(0, 57) + "...";
            }
            out.append(c == 0 ? "" : "  ").append(c == cells.size() - 1 ? cell : String.format("%-" + width[c] + "s", cell));
        }
        out.append('\n');
    }
}
