package io.multisystem.core.error;

import java.util.Map;

/** The request is valid but the current state does not allow it. Reported as {@link ErrorKind#FAILED_PRECONDITION}. */
public class FailedPreconditionException extends PlatformException {
    public FailedPreconditionException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public FailedPreconditionException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.FAILED_PRECONDITION, component, code, severity, message, details, cause);
    }
}
