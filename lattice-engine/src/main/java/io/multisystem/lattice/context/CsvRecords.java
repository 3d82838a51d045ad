package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: comma-separated fields, fields quoted with '"' may hold commas, line breaks and doubled quotes.
 * Errors carry the 1-based line and column. Blank lines are skipped.
 */
final class CsvRecords {
    static final String CODE = "CSV_INVALID";

    /** One record and the line it starts on. */
    record Row(int line, List<String> fields) {
    }

    private CsvRecords() {
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int column = 0;
        int recordLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean fieldStarted = false;
        int i = 0;
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            column++;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                        column++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                        column = 0;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || afterQuote) {
                    fields.add(field.toString());
                    rows.add(new Row(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                fieldStarted = false;
                line++;
                column = 0;
                recordLine = line;
            } else if (afterQuote) {
                throw new InvalidInputException(FormalContext.COMPONENT, CODE, "line " + line + ", column " + column
                        + ": expected ',' or the end of the line after a closing quote, got '" + c + "'");
            } else if (c == '"') {
                if (field.length() > 0) {
                    throw new InvalidInputException(FormalContext.COMPONENT, CODE, "line " + line + ", column "
                            + column + ": a quote inside an unquoted field; quote the whole field and double the quote");
                }
                quoted = true;
                fieldStarted = true;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new InvalidInputException(FormalContext.COMPONENT, CODE, "line " + recordLine
                    + ": a quoted field is not closed before the end of the input");
        }
        if (fieldStarted || field.length() > 0 || afterQuote) {
            fields.add(field.toString());
            rows.add(new Row(recordLine, List.copyOf(fields)));
        }
        return rows;
    }

    static String quote(String field) {
        if (field.isEmpty() || field.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')
                && field.equals(field.strip())) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
