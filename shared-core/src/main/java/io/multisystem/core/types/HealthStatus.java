package io.multisystem.core.types;

/**
 * Whether a component can serve, as reported to health checks. Ordered from best to worst, so the health of a
 * composite is the {@link #worst} of its parts.
 */
public enum HealthStatus {
    /** Serving normally. */
    SERVING,
    /** Serving, with reduced capacity or a non-critical dependency down. Still reported as serving to probes. */
    DEGRADED,
    /** Not serving; traffic should go elsewhere. */
    NOT_SERVING,
    /** Not known yet (starting, or the check could not run). */
    UNKNOWN;

    /** Whether a load balancer should send traffic. */
    public boolean isServing() {
        return this == SERVING || this == DEGRADED;
    }

    /** The worse of two statuses; UNKNOWN is worst because nothing can be promised. */
    public HealthStatus worst(HealthStatus other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
