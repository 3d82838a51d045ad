package io.multisystem.symbolic.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads raw S-expression data (atoms and parenthesised lists, with their character positions) from a string,
 * one datum at a time. Atoms are maximal runs of characters other than whitespace and parentheses; their meaning
 * (number, symbol, pattern variable, keyword) is left to the caller. Not thread-safe; one reader per input.
 */
public final class SExpressionReader {
    /** A datum read from the input; {@code position} is the 0-based index of its first character. */
    public sealed interface Datum permits Atom, ListDatum {
        int position();
    }

    public record Atom(String text, int position) implements Datum {
    }

    public record ListDatum(List<Datum> elements, int position) implements Datum {
    }

    /** Deepest list nesting accepted, so that hostile input cannot exhaust the stack. */
    public static final int MAX_DEPTH = 1_000;

    private final String input;
    private int index;
    private int depth;

    public SExpressionReader(String input) {
        this.input = input;
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        skipWhitespace();
        return index >= input.length();
    }

    /** Current 0-based position (after skipping whitespace). */
    public int position() {
        skipWhitespace();
        return index;
    }

    /**
     * Reads the next datum.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code PARSE_ERROR} with the position on unbalanced
     *     parentheses or end of input
     */
    public Datum read() {
        skipWhitespace();
        if (index >= input.length()) {
            throw InputErrors.parseError(index, "expected an expression but found end of input");
        }
        char c = input.charAt(index);
        if (c == ')') {
            throw InputErrors.parseError(index, "unexpected ')' without a matching '('");
        }
        if (c == '(') {
            if (depth >= MAX_DEPTH) {
                throw InputErrors.parseError(index, "expressions nested deeper than " + MAX_DEPTH + " are not accepted");
            }
            int start = index++;
            List<Datum> elements = new ArrayList<>();
            while (true) {
                skipWhitespace();
                if (index >= input.length()) {
                    throw InputErrors.parseError(index, "expected ')' to close the '(' at position " + start
                            + " but found end of input");
                }
                if (input.charAt(index) == ')') {
                    index++;
                    return new ListDatum(List.copyOf(elements), start);
                }
                depth++;
                try {
                    elements.add(read());
                } finally {
                    depth--;
                }
            }
        }
        int start = index;
        while (index < input.length() && !isDelimiter(input.charAt(index))) {
            index++;
        }
        return new Atom(input.substring(start, index), start);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '(' || c == ')';
    }

    private void skipWhitespace() {
        while (index < input.length() && Character.isWhitespace(input.charAt(index))) {
            index++;
        }
    }
}
