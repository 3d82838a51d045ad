package io.multisystem.core.error;

import java.util.Map;

/** The caller may not do this. Reported as {@link ErrorKind#PERMISSION_DENIED}. */
public class PermissionDeniedException extends PlatformException {
    public PermissionDeniedException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public PermissionDeniedException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.PERMISSION_DENIED, component, code, severity, message, details, cause);
    }
}
