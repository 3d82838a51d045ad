package io.multisystem.kernel.psi;

import java.time.Instant;

/** A trigger fired: when, for which target (system or a cgroup), and the pressure read right after the wake-up. */
public record PressureEvent(Instant at, String target, PressureTrigger trigger, Pressure pressure, long sequence) {
}
