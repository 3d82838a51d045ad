package io.multisystem.symbolic.expr;

import io.multisystem.core.error.InvalidInputException;

/**
 * The one place where the symbolic modeler's domain builds its bad-input errors, so that every error carries the
 * component name and a stable code. Messages say what to fix; parse errors start with the offending position.
 */
public final class InputErrors {
    /** Component name carried by every error this module raises. */
    public static final String COMPONENT = "symbolic-modeler";

    private InputErrors() {
    }

    /** A syntax error at a 0-based character position; the message reads "position N: ...". */
    public static InvalidInputException parseError(int position, String message) {
        return new InvalidInputException(COMPONENT, "PARSE_ERROR", "position " + position + ": " + message);
    }

    /** A syntax error at a 1-based line and column of a multi-line source. */
    public static InvalidInputException parseError(String source, int line, int column, String message) {
        return new InvalidInputException(COMPONENT, "PARSE_ERROR",
                source + ":" + line + ":" + column + ": " + message);
    }

    /** Any other bad input, with its UPPER_SNAKE code. */
    public static InvalidInputException invalid(String code, String message) {
        return new InvalidInputException(COMPONENT, code, message);
    }
}
