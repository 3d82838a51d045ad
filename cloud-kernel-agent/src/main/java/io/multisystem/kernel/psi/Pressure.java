package io.multisystem.kernel.psi;

import java.util.Optional;

/** One resource's pressure (cpu, memory or io): the "some" line and, when the kernel reports it, the "full" line. */
public record Pressure(String resource, Line some, Optional<Line> full) {
    /** Share of time stalled in the last 10/60/300 s (percent) and the total stall time in microseconds. */
    public record Line(double avg10, double avg60, double avg300, long totalMicros) {
    }
}
