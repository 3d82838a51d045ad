package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.LongBits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the Burmeister {@code .cxt} format (ConExp, ToscanaJ, the Python {@code concepts} library):
 *
 * <pre>
 * B
 * [context name]          (optional line; may be empty)
 * &lt;number of objects&gt;
 * &lt;number of attributes&gt;
 * [blank lines]
 * &lt;one object name per line&gt;
 * &lt;one attribute name per line&gt;
 * &lt;one row per object: 'X' (or 'x') for an incidence, '.' for none&gt;
 * </pre>
 *
 * Trailing whitespace on rows and trailing blank lines are tolerated; anything else wrong is reported as
 * {@link InvalidInputException} with code {@code CXT_INVALID} and the 1-based line (and column for a bad mark).
 * Memory stays proportional to the input: nothing is allocated from the declared counts before the lines exist.
 * Stateless and thread-safe.
 */
public final class BurmeisterFormat {
    /** Error code for malformed .cxt input. */
    public static final String CODE = "CXT_INVALID";

    private BurmeisterFormat() {
    }

    /**
     * Reads a .cxt file (UTF-8).
     *
     * @throws io.multisystem.core.error.NotFoundException {@code CXT_FILE_NOT_FOUND} if the file does not exist
     * @throws InvalidInputException                        {@code CXT_INVALID} if it is malformed or unreadable
     */
    public static FormalContext read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (NoSuchFileException e) {
            throw new io.multisystem.core.error.NotFoundException(FormalContext.COMPONENT, "CXT_FILE_NOT_FOUND",
                    "context file " + file + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(FormalContext.COMPONENT, CODE, "cannot read " + file + ": " + e.getMessage()
                    + " (is it a UTF-8 text file?)", List.of(), java.util.Map.of(), e);
        }
    }

    /** Parses .cxt text. @throws InvalidInputException {@code CXT_INVALID} if malformed */
    public static FormalContext parse(String text) {
        try {
            return read(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads .cxt from a reader (not closed). @throws InvalidInputException {@code CXT_INVALID} if malformed */
    public static FormalContext read(Reader source) throws IOException {
        LineSource in = new LineSource(source instanceof BufferedReader ? (BufferedReader) source : new BufferedReader(source));
        String header = in.next();
        if (header == null || !header.strip().equals("B")) {
            throw error(1, "expected 'B' (Burmeister format header), got " + describe(header));
        }
        String second = in.next();
        String third = in.next();
        int objectCount;
        int attributeCount;
        int objectCountLine;
        if (isCount(second) && isCount(third)) {
            // no name line: B, n, m
            objectCount = parseCount(second, 2, "number of objects");
            attributeCount = parseCount(third, 3, "number of attributes");
            objectCountLine = 2;
        } else {
            objectCount = parseCount(third, 3, "number of objects");
            attributeCount = parseCount(in.next(), 4, "number of attributes");
            objectCountLine = 3;
        }
        String line = in.next();
        while (line != null && line.isBlank()) {
            line = in.next();
        }
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < objectCount; i++) {
            if (line == null) {
                throw error(in.lineNumber(), "expected " + objectCount + " object names (line " + objectCountLine
                        + "), the file ended after " + i);
            }
            objects.add(line.strip());
            line = in.next();
        }
        List<String> attributes = new ArrayList<>();
        for (int i = 0; i < attributeCount; i++) {
            if (line == null) {
                throw error(in.lineNumber(), "expected " + attributeCount + " attribute names (line "
                        + (objectCountLine + 1) + "), the file ended after " + i);
            }
            attributes.add(line.strip());
            line = in.next();
        }
        int words = LongBits.wordsFor(attributeCount);
        List<long[]> rows = new ArrayList<>();
        for (int g = 0; g < objectCount; g++) {
            if (line == null) {
                throw error(in.lineNumber(), "expected " + objectCount + " incidence rows, the file ended after " + g);
            }
            String row = line.stripTrailing();
            if (row.length() != attributeCount) {
                throw error(in.lineNumber(), "expected " + attributeCount + " attribute marks ('X' or '.'), got "
                        + row.length());
            }
            long[] bits = new long[words];
            for (int m = 0; m < attributeCount; m++) {
                char c = row.charAt(m);
                if (c == 'X' || c == 'x') {
                    LongBits.set(bits, m);
                } else if (c != '.') {
                    throw new InvalidInputException(FormalContext.COMPONENT, CODE, "line " + in.lineNumber()
                            + ", column " + (m + 1) + ": expected 'X' or '.', got '" + c + "'");
                }
            }
            rows.add(bits);
            line = in.next();
        }
        while (line != null) {
            if (!line.isBlank()) {
                throw error(in.lineNumber(), "expected the end of the file after " + objectCount
                        + " rows, got more text; check the object and attribute counts");
            }
            line = in.next();
        }
        FormalContext.Builder builder = FormalContext.builder(objects, attributes);
        for (int g = 0; g < objectCount; g++) {
            builder.row(g, rows.get(g));
        }
        return builder.build();
    }

    /** Writes {@code context} as .cxt (with an empty name line, as ConExp does). */
    public static void write(FormalContext context, Writer out) throws IOException {
        out.write("B\n\n");
        out.write(context.objectCount() + "\n" + context.attributeCount() + "\n\n");
        for (String object : context.objects()) {
            out.write(requireSingleLine(object, "object"));
            out.write('\n');
        }
        for (String attribute : context.attributes()) {
            out.write(requireSingleLine(attribute, "attribute"));
            out.write('\n');
        }
        char[] row = new char[context.attributeCount()];
        for (int g = 0; g < context.objectCount(); g++) {
            for (int m = 0; m < row.length; m++) {
                row[m] = context.has(g, m) ? 'X' : '.';
            }
            out.write(row);
            out.write('\n');
        }
        out.flush();
    }

    /** {@code context} as .cxt text. */
    public static String format(FormalContext context) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            write(context, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code context} to {@code file} (UTF-8), replacing it. */
    public static void write(FormalContext context, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(context, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String requireSingleLine(String name, String what) {
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || !name.equals(name.strip())) {
            throw new InvalidInputException(FormalContext.COMPONENT, CODE, what + " name '" + name.strip()
                    + "' has line breaks or surrounding spaces, which .cxt cannot represent; rename it");
        }
        return name;
    }

    private static boolean isCount(String line) {
        return line != null && !line.isBlank() && line.strip().chars().allMatch(Character::isDigit);
    }

    private static int parseCount(String line, int lineNumber, String what) {
        if (!isCount(line)) {
            throw error(lineNumber, "expected the " + what + " (a non-negative integer), got " + describe(line));
        }
        try {
            return Integer.parseInt(line.strip());
        } catch (NumberFormatException e) {
            throw error(lineNumber, "the " + what + " " + line.strip() + " is too large");
        }
    }

    private static String describe(String line) {
        return line == null ? "the end of the file" : "'" + (line.length() > 40 ? line.substring(0, 40) + "..." : line) + "'";
    }

    private static InvalidInputException error(int line, String message) {
        return new InvalidInputException(FormalContext.COMPONENT, CODE, "line " + line + ": " + message);
    }

    /** Lines with 1-based numbering; {@link #lineNumber()} is the number of the line last returned. */
    private static final class LineSource {
        private final BufferedReader reader;
        private int lineNumber;

        LineSource(BufferedReader reader) {
            this.reader = reader;
        }

        String next() throws IOException {
            String line = reader.readLine();
            lineNumber++;
            if (line != null && lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            return line;
        }

        int lineNumber() {
            return lineNumber;
        }
    }
}
