package io.multisystem.parallel.task;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task did not produce a result. {@link #path()} lists the task that was asked for first and the task where the
 * failure started last, e.g. {@code [sum#7, square#3]} for the message
 * {@code "task sum#7 <- square#3: ArithmeticException: / by zero"}. The cause is the origin's exception, if any.
 *
 * <p>Codes: {@code TASK_FAILED} (the body threw; kind {@code ABORTED}), {@code TASK_TIMED_OUT} (kind
 * {@code DEADLINE_EXCEEDED}), {@code TASK_CANCELLED} (kind {@code ABORTED}), {@code NOT_SERIALIZABLE} (a checkpointed
 * task's input or result cannot be serialised; kind {@code INVALID_ARGUMENT}).
 */
public final class TaskFailedException extends PlatformException {
    private final List<String> path;
    private final String reason;

    TaskFailedException(ErrorKind kind, String code, List<String> path, String reason, Throwable cause) {
        super(kind, TaskEngine.COMPONENT, code, Severity.OPERATIONAL,
                "task " + String.join(" <- ", path) + ": " + reason,
                Map.of("path", String.join(" <- ", path), "origin", path.get(path.size() - 1)), cause);
        this.path = List.copyOf(path);
        this.reason = reason;
    }

    static TaskFailedException failed(String label, Throwable cause) {
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new TaskFailedException(ErrorKind.ABORTED, "TASK_FAILED", List.of(label), text, cause);
    }

    /** The same failure seen from a dependent task {@code label}. */
    TaskFailedException prependedWith(String label) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.add(label);
        longer.addAll(path);
        return new TaskFailedException(kind(), code(), longer, reason, getCause());
    }

    /** Labels from the task that was asked for to the task where the failure started; never empty. */
    public List<String> path() {
        return path;
    }

    /** The label of the task where the failure started. */
    public String origin() {
        return path.get(path.size() - 1);
    }
}
