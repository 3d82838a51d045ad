package io.multisystem.core.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The request or input is wrong; retrying it unchanged fails again. Reported as {@link ErrorKind#INVALID_ARGUMENT}
 * (gRPC) and exit code 2 (CLI). Carries every field at fault, not only the first, so a caller can fix them all at once.
 */
public class InvalidInputException extends PlatformException {
    private final List<FieldViolation> violations;

    public InvalidInputException(String component, String code, String message) {
        this(component, code, message, List.of(), Map.of(), null);
    }

    public InvalidInputException(String component, String code, String message, List<FieldViolation> violations,
            Map<String, String> details, Throwable cause) {
        super(ErrorKind.INVALID_ARGUMENT, component, code, Severity.OPERATIONAL, message, details, cause);
        this.violations = List.copyOf(violations);
    }

    /** Builds the exception for a list of violations, with a message that names each of them. */
    public static InvalidInputException ofViolations(String component, String code, List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation is needed");
        }
        String message = violations.size() == 1
                ? "invalid " + violations.get(0)
                : violations.size() + " invalid fields: "
                        + violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
        return new InvalidInputException(component, code, message, violations, Map.of(), null);
    }

    /** Every field at fault; empty when the input as a whole is wrong (e.g. unparseable). */
    public List<FieldViolation> violations() {
        return violations;
    }
}
