package io.multisystem.parallel.jobs;

import java.util.Map;

/**
 * What a finished job reports.
 *
 * @param summary one line for people
 * @param figures named values for machines (stable names, documented per job type in the spec)
 */
public record JobResult(String summary, Map<String, String> figures) implements java.io.Serializable {
    public JobResult {
        figures = Map.copyOf(figures);
    }
}
