package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.Validation;
import io.multisystem.parallel.task.TaskEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters of one job run, checked against its type's declared parameters: unknown names and missing required
 * ones are rejected together, with every problem listed; typed getters reject unparsable or out-of-range values with
 * the parameter's name.
 */
public final class JobParameters {
    private final String jobType;
    private final Map<String, String> values;

    private JobParameters(String jobType, Map<String, String> values) {
        this.jobType = jobType;
        this.values = values;
    }

    /** @throws InvalidInputException with code {@code VALIDATION_FAILED} listing unknown and missing parameters */
    public static JobParameters check(JobType type, Map<String, String> given) {
        Map<String, String> declared = new LinkedHashMap<>();
        type.parameters().forEach(p -> declared.put(p.name(), p.defaultValue()));
        Validation validation = Validation.of(TaskEngine.COMPONENT);
        for (String name : new TreeSet<>(given.keySet())) {
            validation.require(declared.containsKey(name), "parameters." + name,
                    "job type '" + type.name() + "' has no parameter '" + name + "'; it takes "
                            + String.join(", ", declared.keySet()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (JobParameter p : type.parameters()) {
            String value = given.getOrDefault(p.name(), p.defaultValue());
            validation.require(value != null, "parameters." + p.name(),
                    "parameter '" + p.name() + "' of job type '" + type.name() + "' is required: " + p.description());
            if (value != null) {
                values.put(p.name(), value);
            }
        }
        validation.throwIfInvalid();
        return new JobParameters(type.name(), values);
    }

    /** Every parameter with its effective value (defaults filled in), in declaration order. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public String string(String name) {
        return values.get(name);
    }

    /** @throws InvalidInputException with code {@code INVALID_PARAMETER} unless an integer in [min, max] */
    public long longValue(String name, long min, long max) {
        String raw = values.get(name);
        long value;
        try {
            value = Long.parseLong(raw.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, raw, "an integer between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw invalid(name, raw, "an integer between " + min + " and " + max);
        }
        return value;
    }

    /** @throws InvalidInputException with code {@code INVALID_PARAMETER} unless a number in [min, max] */
    public double doubleValue(String name, double min, double max) {
        String raw = values.get(name);
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, raw, "a number between " + min + " and " + max);
        }
        if (!(value >= min && value <= max)) {
            throw invalid(name, raw, "a number between " + min + " and " + max);
        }
        return value;
    }

    public int intValue(String name, int min, int max) {
        return (int) longValue(name, min, max);
    }

    /** A comma-separated list of paths; each must name a readable regular file. */
    public List<Path> files(String name) {
        List<Path> files = new ArrayList<>();
        for (String part : values.get(name).split(",")) {
            if (!part.isBlank()) {
                files.add(Path.of(part.trim()));
            }
        }
        if (files.isEmpty()) {
            throw invalid(name, values.get(name), "a comma-separated list of input files");
        }
        return files;
    }

    private InvalidInputException invalid(String name, String raw, String expected) {
        return new InvalidInputException(TaskEngine.COMPONENT, "INVALID_PARAMETER",
                "parameter '" + name + "' of job type '" + jobType + "' must be " + expected + ", was '" + raw + "'");
    }
}
