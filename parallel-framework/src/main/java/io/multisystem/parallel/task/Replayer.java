package io.multisystem.parallel.task;

import io.multisystem.core.error.ErrorKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a {@link ReplayLog}: gives each submission its recorded sequence number and re-enacts the recorded
 * interleaving of attempt starts and ends, one event at a time.
 *
 * <p>Design note. Sequence numbers are not handed out by a counter (whose order depends on which worker got there
 * first) but looked up by who submitted: the {@code index}-th submission of the task with sequence {@code parent}
 * (0 for code outside any task) gets the sequence it got in the recording. The recording logged, in one total order,
 * when each attempt started and when its outcome was published (the recorder's lock is held across the publication,
 * so the logged order is the order in which dependents saw outcomes, e.g. which of two failing inputs failed a task
 * first). A replay walks that order with a single pump: at {@code start x} it runs x's body to completion but holds the
 * outcome; at {@code end x} it publishes it (completing x, failing it, or retrying it as recorded); at {@code wire x}
 * it connects the submitted x to its inputs (so inputs that had already failed are seen in the recorded order). A
 * body's submissions happen at its start, a dependent becomes ready at its inputs' ends and its own wiring: all
 * precede the dependent's start in the recording, so on a faithful replay the node the next {@code start} names is
 * always ready (parked here) by the time the pump reaches it. Submissions from outside any task happen when the
 * caller makes them; the pump waits at their {@code wire} until they have. Ready nodes the log never started fail at once with {@code REPLAY_DIVERGED}, as do
 * submissions the log does not have and outcomes that differ from the recorded ones.
 *
 * <p>Thread-safe: all state is guarded by this object's lock; the pump itself runs outside it, on one thread at a time
 * (the {@code pumping} flag hands it over without lost wake-ups).
 */
final class Replayer {
    private record SubmitKey(long parent, int index) {
    }

    private record AttemptKey(long sequence, int attempt) {
    }

    /**
     * The next step of the pump: run the body of {@code node}, publish its held outcome, or wire it; a null kind means
     * the log is replayed and {@code node}, ready but never started in the recording, fails.
     */
    record Step(ReplayLog.Kind kind, TaskNode<?> node) {
    }

    private final Map<SubmitKey, ReplayLog.Submit> submits = new HashMap<>();
    private final List<ReplayLog.Event> events;
    private final Map<AttemptKey, Boolean> started = new HashMap<>();
    private final Map<AttemptKey, ReplayLog.Failure> failures = new HashMap<>();
    private final Map<AttemptKey, TaskNode<?>> parked = new HashMap<>();
    private final Map<AttemptKey, TaskNode<?>> running = new HashMap<>();
    private final Map<Long, TaskNode<?>> unwired = new HashMap<>();
    private final java.util.ArrayDeque<TaskNode<?>> beyond = new java.util.ArrayDeque<>();
    private int cursor;
    private boolean pumping;

    Replayer(ReplayLog log) {
        for (ReplayLog.Submit s : log.submits()) {
            submits.put(new SubmitKey(s.parent(), s.index()), s);
        }
        events = log.events();
        for (ReplayLog.Event e : events) {
            if (e.kind() == ReplayLog.Kind.START) {
                started.put(new AttemptKey(e.sequence(), e.attempt()), Boolean.TRUE);
            }
        }
        for (ReplayLog.Failure f : log.failures()) {
            failures.put(new AttemptKey(f.sequence(), f.attempt()), f);
        }
    }

    /**
     * The recorded sequence of the {@code index}-th submission of {@code parent}, or -1 when the log has no such
     * submission or it was of another task id.
     */
    synchronized long sequenceFor(long parent, int index, String taskId) {
        ReplayLog.Submit s = submits.get(new SubmitKey(parent, index));
        return s == null || !s.taskId().equals(taskId) ? -1 : s.sequence();
    }

    /** What the log says about submission {@code index} of {@code parent}, for a divergence message. */
    synchronized String describeSubmit(long parent, int index) {
        ReplayLog.Submit s = submits.get(new SubmitKey(parent, index));
        return s == null ? "no such submission" : "a submission of task '" + s.taskId() + "'";
    }

    /**
     * Parks a ready node until the log starts its next attempt.
     *
     * @return -1 if the recording never started that attempt (the caller fails the node), 1 if the caller must start
     *     the pump, 0 otherwise
     */
    synchronized int park(TaskNode<?> node) {
        AttemptKey key = new AttemptKey(node.sequence, node.attempts + 1);
        if (!started.containsKey(key)) {
            if (cursor >= events.size()) {
                return -1;
            }
            // The recorded run ended (or was stopped) before this attempt started: it waits, like it did there, and
            // fails only once the whole log is replayed.
            beyond.add(node);
            return 0;
        }
        parked.put(key, node);
        if (pumping) {
            return 0;
        }
        pumping = true;
        return 1;
    }

    /**
     * The next step, or null when the next event cannot happen yet (its node is not ready): the pump then stops and
     * the next {@link #park} restarts it.
     */
    synchronized Step next() {
        while (cursor < events.size()) {
            ReplayLog.Event e = events.get(cursor);
            AttemptKey key = new AttemptKey(e.sequence(), e.attempt());
            switch (e.kind()) {
                case START -> {
                    TaskNode<?> node = parked.remove(key);
                    if (node == null) {
                        pumping = false;
                        return null;
                    }
                    cursor++;
                    running.put(key, node);
                    return new Step(ReplayLog.Kind.START, node);
                }
                case WIRE -> {
                    TaskNode<?> node = unwired.remove(e.sequence());
                    if (node == null) {
                        pumping = false;
                        return null;
                    }
                    cursor++;
                    return new Step(ReplayLog.Kind.WIRE, node);
                }
                case END -> {
                    cursor++;
                    TaskNode<?> node = running.remove(key);
                    if (node != null) {
                        return new Step(ReplayLog.Kind.END, node);
                    }
                }
            }
        }
        if (!beyond.isEmpty()) {
            return new Step(null, beyond.poll());
        }
        pumping = false;
        return null;
    }

    /**
     * Registers a submitted node to be wired at its recorded point.
     *
     * @return true if the caller must start the pump
     */
    synchronized boolean submitted(TaskNode<?> node) {
        unwired.put(node.sequence, node);
        if (pumping) {
            return false;
        }
        pumping = true;
        return true;
    }

    /** The recorded failure of the node's current attempt, or null if it succeeded in the recording. */
    synchronized ReplayLog.Failure recordedFailure(TaskNode<?> node) {
        return failures.get(new AttemptKey(node.sequence, node.attempts));
    }

    static TaskFailedException diverged(String label, String what, Throwable cause) {
        return new TaskFailedException(ErrorKind.FAILED_PRECONDITION, "REPLAY_DIVERGED", List.of(label),
                "the replay diverged from its recording: " + what
                        + " (the program, its inputs or its classes differ from the recorded run)", cause);
    }
}
