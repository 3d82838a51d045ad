package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 cell splitting and quoting for one line; used by the CSV source and sink. */
public final class CsvFormat {
    private CsvFormat() {
    }

    public static List<String> parseLine(String line, Path path, long lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException(Errors.COMPONENT, "CSV_INVALID", path + ":" + lineNumber
                    + ": unterminated quoted cell; close the quote on the same line");
        }
        cells.add(cell.toString());
        return cells;
    }

    public static String quote(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
