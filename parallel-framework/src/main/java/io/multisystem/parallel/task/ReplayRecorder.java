package io.multisystem.parallel.task;

import io.multisystem.core.error.FailedPreconditionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects a run's non-deterministic decisions while a {@link TaskEngine} built with
 * {@link TaskEngine.Builder#record(ReplayRecorder)} runs; {@link #toLog} turns them into a {@link ReplayLog}.
 *
 * <p>Thread-safe: every event is appended under this object's lock, which also fixes the global start order of
 * attempts. Recording costs one lock per submit and per attempt, so it is meant for debugging runs, not for every run.
 * At most {@value #MAX_EVENTS} events are kept; a longer run is marked as overflowed and {@link #toLog} refuses it.
 */
public final class ReplayRecorder {
    /** Events (submits + starts + failures) one recording keeps. */
    public static final int MAX_EVENTS = 4_000_000;

    private final long seed;
    private final List<ReplayLog.Submit> submits = new ArrayList<>();
    private final List<ReplayLog.Event> events = new ArrayList<>();
    private final List<ReplayLog.Failure> failures = new ArrayList<>();
    private boolean overflowed;

    /** A recorder for a run whose {@link TaskRandom} seed is {@code seed}. */
    public ReplayRecorder(long seed) {
        this.seed = seed;
    }

    /** A recorder with a fresh random seed. */
    public static ReplayRecorder withRandomSeed() {
        return new ReplayRecorder(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    public long seed() {
        return seed;
    }

    synchronized void submitted(long parent, int index, long sequence, String taskId) {
        if (room()) {
            submits.add(new ReplayLog.Submit(parent, index, sequence, taskId));
        }
    }

    synchronized void started(long sequence, int attempt) {
        if (room()) {
            events.add(new ReplayLog.Event(ReplayLog.Kind.START, sequence, attempt));
        }
    }

    /** Called with this recorder's lock held across the wiring of the task to its inputs. */
    synchronized void wired(long sequence) {
        if (room()) {
            events.add(new ReplayLog.Event(ReplayLog.Kind.WIRE, sequence, 0));
        }
    }

    /** Called with this recorder's lock held across the publication of the outcome (see ForkJoinTaskEngine). */
    synchronized void ended(long sequence, int attempt) {
        if (room()) {
            events.add(new ReplayLog.Event(ReplayLog.Kind.END, sequence, attempt));
        }
    }

    synchronized void failed(long sequence, int attempt, boolean retried, Throwable failure) {
        if (room()) {
            failures.add(new ReplayLog.Failure(sequence, attempt, retried, failure.getClass().getName(),
                    String.valueOf(failure.getMessage()), ReplayLog.serialiseOrNull(failure)));
        }
    }

    private boolean room() {
        if (submits.size() + events.size() + failures.size() >= MAX_EVENTS) {
            overflowed = true;
            return false;
        }
        return true;
    }

    /** Events recorded so far. */
    public synchronized int events() {
        return submits.size() + events.size() + failures.size();
    }

    /**
     * The log of what was recorded so far, with {@code attributes}.
     *
     * @throws FailedPreconditionException with code {@code REPLAY_LOG_TOO_LARGE} if the run had more than
     *     {@value #MAX_EVENTS} events
     */
    public synchronized ReplayLog toLog(Map<String, String> attributes) {
        if (overflowed) {
            throw new FailedPreconditionException(TaskEngine.COMPONENT, "REPLAY_LOG_TOO_LARGE",
                    "the run had more than " + MAX_EVENTS + " scheduling events, too many to record; record a "
                            + "smaller run (fewer tasks) to debug it");
        }
        return new ReplayLog(seed, Map.of(), submits, events, failures).withAttributes(attributes);
    }
}
