package io.multisystem.parallel.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job run's status at one moment.
 *
 * @param tasksSubmitted tasks submitted so far (grows while recursive jobs spawn)
 * @param tasksFinished tasks finished so far, in any way
 * @param ended null while running
 * @param summary the result's summary once SUCCEEDED, else empty
 * @param figures the result's figures once SUCCEEDED, plus {@code elapsed_ms}
 * @param errorCode once FAILED or CANCELLED, the error code; else empty
 * @param failurePath once FAILED, the failing task's path, outermost first
 * @param recorded whether the run records a replay log
 * @param replayOf for a replay: the recorded job's id, or {@code file} for a log given directly; else empty
 * @param replayVerdict for a finished replay: {@code REPRODUCED}, or {@code DIVERGED: } and what differs; else empty
 */
public record JobSnapshot(String id, String type, JobState state, int workers, long tasksSubmitted,
                          long tasksFinished, Instant started, Instant ended, String summary,
                          Map<String, String> figures, String errorCode, String errorMessage,
                          List<String> failurePath, boolean recorded, String replayOf, String replayVerdict) {
    public JobSnapshot {
        figures = Map.copyOf(figures);
        failurePath = List.copyOf(failurePath);
    }
}
