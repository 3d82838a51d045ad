package io.multisystem.parallel.jobs;

/**
 * A named parameter of a job type.
 *
 * @param name the name used on the command line ({@code -p name=value}) and in the API
 * @param description what it means, with its unit and bounds
 * @param defaultValue the value when not given; null when the parameter is required
 */
public record JobParameter(String name, String description, String defaultValue) {
    public static JobParameter optional(String name, String defaultValue, String description) {
        return new JobParameter(name, description, defaultValue);
    }

    public static JobParameter required(String name, String description) {
        return new JobParameter(name, description, null);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }
}
