package io.multisystem.parallel.jobs;

import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.TaskEngine;
import java.util.List;

/** A registered kind of job that users can run by name from the CLI or the API. */
public interface JobType {
    String name();

    String description();

    List<JobParameter> parameters();

    /**
     * Builds the job's task graph on {@code engine} and returns the ref of its result; does not wait. Parameter values
     * are validated here, before any task is submitted.
     */
    Ref<JobResult> start(TaskEngine engine, JobParameters parameters);
}
