package io.multisystem.contract.lang;

import io.multisystem.core.error.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** One or more located problems in a contract source; the message renders each with its caret snippet. */
public final class ParseException extends InvalidInputException {
    private final List<Diagnostic> diagnostics;

    public ParseException(List<Diagnostic> diagnostics) {
        super("contract-compiler", "PARSE_ERROR", diagnostics.size() + " error(s):\n"
                + diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
