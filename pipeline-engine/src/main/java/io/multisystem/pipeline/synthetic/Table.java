package io.multisystem.pipeline.synthetic;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import java.util.ArrayList;
import java.util.List;

/** A column-oriented table of equal-length columns, the unit of profiling, synthesis and quality evaluation. */
public record Table(List<Column> columns) {
    public Table {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new InvalidInputException(Errors.COMPONENT, "TABLE_EMPTY", "a table needs at least one column");
        }
        int rows = columns.get(0).size();
        for (Column c : columns) {
            if (c.size() != rows) {
                throw new InvalidInputException(Errors.COMPONENT, "TABLE_RAGGED",
                        "column " + c.name() + " has " + c.size() + " values, the first column " + rows);
            }
        }
    }

    public int rows() {
        return columns.get(0).size();
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    /** @throws InvalidInputException with code {@code COLUMN_NOT_FOUND} */
    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new InvalidInputException(Errors.COMPONENT, "COLUMN_NOT_FOUND",
                "no column '" + name + "'; columns are " + names());
    }

    /** Row {@code r} as text cells, for comparing rows. */
    public List<String> rowText(int r) {
        List<String> cells = new ArrayList<>(columns.size());
        columns.forEach(c -> cells.add(c.text(r)));
        return cells;
    }
}
