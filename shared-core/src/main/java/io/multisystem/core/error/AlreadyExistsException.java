package io.multisystem.core.error;

import java.util.Map;

/** The thing to be created exists already. Reported as {@link ErrorKind#ALREADY_EXISTS}. */
public class AlreadyExistsException extends PlatformException {
    public AlreadyExistsException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public AlreadyExistsException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.ALREADY_EXISTS, component, code, severity, message, details, cause);
    }
}
