package io.multisystem.symbolic.saturation;

import java.time.Duration;

/**
 * What one equality-saturation run did.
 *
 * @param stopReason why it stopped
 * @param iterations iterations started (the last one may have been cut short by a limit)
 * @param nodes      e-nodes at the end (hashcons entries)
 * @param classes    e-classes at the end
 * @param elapsed    wall-clock time of the run, from the injected ticker
 */
public record SaturationReport(StopReason stopReason, int iterations, int nodes, int classes, Duration elapsed) {
}
