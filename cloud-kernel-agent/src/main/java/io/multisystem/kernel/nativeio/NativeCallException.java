package io.multisystem.kernel.nativeio;

/** A system call in the C helper failed: the operation, the errno, its symbolic name and, for BPF_PROG_LOAD, the verifier log. */
public final class NativeCallException extends RuntimeException {
    private final String operation;
    private final int errno;
    private final String errnoName;
    private final String log;

    public NativeCallException(String operation, int errno, String errnoName, String log) {
        super(operation + " failed: " + errnoName + " (errno " + errno + ")");
        this.operation = operation;
        this.errno = errno;
        this.errnoName = errnoName;
        this.log = log == null ? "" : log;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return errnoName;
    }

    /** The verifier log for a failed program load; empty otherwise. */
    public String log() {
        return log;
    }
}
