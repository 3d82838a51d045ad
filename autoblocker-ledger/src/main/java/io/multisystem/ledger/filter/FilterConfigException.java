package io.multisystem.ledger.filter;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A fail2ban filter file that cannot be loaded: names the file, the line and the option at fault. */
public final class FilterConfigException extends InvalidInputException {
    public static final String CODE = "FILTER_INVALID";

    public FilterConfigException(Path file, int line, String field, String problem) {
        super("autoblocker-ledger", CODE, file + (line > 0 ? ":" + line : "") + ": " + field + ": " + problem,
                List.of(new FieldViolation(field, problem)),
                Map.of("file", String.valueOf(file), "line", Integer.toString(line), "field", field), null);
    }
}
