package io.multisystem.parallel.task;

import io.multisystem.core.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a task is retried after a transient failure: at most {@code maxAttempts} attempts in total, waiting
 * {@code initialBackoff * multiplier^(n-1)} (capped at {@code maxBackoff}) before retry {@code n}. Only exceptions
 * that are instances of one of {@code transientFailures} are retried; anything else fails the task at once. Backoff
 * never blocks a worker: the retry is re-queued by a timer.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff wait before the first retry, not negative
 * @param multiplier growth factor of the wait, at least 1.0
 * @param maxBackoff cap on any single wait, not below {@code initialBackoff}
 * @param transientFailures exception types worth retrying
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          List<Class<? extends Throwable>> transientFailures) implements java.io.Serializable {

    /** No retries: the first failure is final. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, List.of());

    /** @throws InvalidInputException with code {@code INVALID_RETRY_POLICY} naming the field to fix */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        transientFailures = List.copyOf(transientFailures);
        if (maxAttempts < 1) {
            throw invalid("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw invalid("initialBackoff must not be negative, was " + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw invalid("multiplier must be a finite number >= 1.0, was " + multiplier);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw invalid("maxBackoff (" + maxBackoff + ") must not be below initialBackoff (" + initialBackoff + ")");
        }
    }

    /** Exponential backoff with a cap of 100x the initial wait. */
    @SafeVarargs
    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff,
                                          Class<? extends Throwable>... transientFailures) {
        return new RetryPolicy(maxAttempts, initialBackoff, 2.0, initialBackoff.multipliedBy(100),
                List.of(transientFailures));
    }

    /** True if {@code failure} is of a transient type. */
    public boolean isTransient(Throwable failure) {
        for (Class<? extends Throwable> type : transientFailures) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @throws IllegalArgumentException if {@code retry < 1}
     */
    public Duration backoffBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
        }
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
        long capped = nanos >= maxBackoff.toNanos() ? maxBackoff.toNanos() : (long) nanos;
        return Duration.ofNanos(capped);
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(TaskEngine.COMPONENT, "INVALID_RETRY_POLICY", message);
    }
}
