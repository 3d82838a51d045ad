package io.multisystem.pipeline.job;

import java.time.Duration;

/**
 * A consistent snapshot of one job.
 *
 * @param recordsRead    rows taken from the input so far
 * @param recordsWritten rows given to the sink; final once the job ended (0 before)
 * @param lateRecords    rows beyond the allowed lateness; final once the job ended
 * @param errorCode      when FAILED, the error's code; otherwise empty
 * @param errorMessage   when FAILED or CANCELLED, what happened; otherwise empty
 */
public record JobStatus(String id, String name, JobState state, long recordsRead, long recordsWritten,
        long lateRecords, Duration elapsed, String errorCode, String errorMessage) {
}
