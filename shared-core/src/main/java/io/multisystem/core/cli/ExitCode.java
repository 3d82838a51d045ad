package io.multisystem.core.cli;

import io.multisystem.core.error.ErrorKind;

/** Process exit codes shared by every system's command line. */
public enum ExitCode {
    /** The command did what was asked. */
    SUCCESS(0),
    /** The domain said no: verification failed, hypothesis violated, UNSAT, policy denied. */
    DOMAIN_REJECTED(1),
    /** Bad usage or bad input: fix the command line or the file. */
    BAD_INPUT(2),
    /** A dependency is unavailable: a service, database, kernel feature or file system. */
    UNAVAILABLE(3),
    /** A bug in the platform (EX_SOFTWARE); the message carries a reference to report. */
    INTERNAL(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code an error of this kind ends the process with. */
    public static ExitCode of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, UNAUTHENTICATED -> BAD_INPUT;
            case FAILED_PRECONDITION, PERMISSION_DENIED, ABORTED -> DOMAIN_REJECTED;
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> UNAVAILABLE;
            case INTERNAL -> INTERNAL;
        };
    }
}
