package io.multisystem.core.error;

import java.util.Map;

/** The caller did not prove who it is. Reported as {@link ErrorKind#UNAUTHENTICATED}. */
public class UnauthenticatedException extends PlatformException {
    public UnauthenticatedException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public UnauthenticatedException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.UNAUTHENTICATED, component, code, severity, message, details, cause);
    }
}
