package io.multisystem.core.error;

import java.util.Map;

/** A named thing does not exist. Reported as {@link ErrorKind#NOT_FOUND}. */
public class NotFoundException extends PlatformException {
    public NotFoundException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public NotFoundException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.NOT_FOUND, component, code, severity, message, details, cause);
    }
}
