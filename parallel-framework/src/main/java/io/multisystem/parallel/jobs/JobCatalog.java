package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job types a service or CLI can run, by name. */
public final class JobCatalog {
    private final Map<String, JobType> types = new LinkedHashMap<>();

    public JobCatalog(List<JobType> types) {
        types.forEach(t -> this.types.put(t.name(), t));
    }

    /** @throws InvalidInputException with code {@code UNKNOWN_JOB_TYPE} listing the known types */
    public JobType find(String name) {
        JobType type = types.get(name);
        if (type == null) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "UNKNOWN_JOB_TYPE",
                    "no job type '" + name + "'; known types: " + String.join(", ", types.keySet()));
        }
        return type;
    }

    public List<JobType> all() {
        return new ArrayList<>(types.values());
    }
}
