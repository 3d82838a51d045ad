package io.multisystem.kernel.psi;

import io.multisystem.core.error.Validation;
import io.multisystem.kernel.KernelErrors;

import java.time.Duration;

/**
 * A PSI trigger: fire when tasks were stalled on {@code resource} ("some" or "full") for at least {@code stall}
 * within any {@code window}. The kernel accepts windows of 500 ms..10 s (unprivileged: multiples of 2 s) and a stall
 * not longer than the window; the kernel then signals POLLPRI at most once per window.
 */
public record PressureTrigger(String resource, String kind, Duration stall, Duration window) {
    public PressureTrigger {
        Validation v = Validation.of(KernelErrors.COMPONENT);
        v.require(PressureReader.RESOURCES.contains(resource), "resource", "must be one of " + PressureReader.RESOURCES + ", was '" + resource + "'");
        v.require("some".equals(kind) || "full".equals(kind), "kind", "must be 'some' or 'full', was '" + kind + "'");
        v.require(window != null && window.compareTo(Duration.ofMillis(500)) >= 0 && window.compareTo(Duration.ofSeconds(10)) <= 0,
                "window", "must be 500ms..10s, was " + window);
        v.require(stall != null && stall.toNanos() >= 1000 && (window == null || stall.compareTo(window) <= 0),
                "stall", "must be at least 1us and at most the window, was " + stall);
        v.throwIfInvalid();
    }

    /** The line written to the pressure file: {@code <some|full> <stall us> <window us>}. */
    public String triggerLine() {
        return kind + " " + stall.toNanos() / 1000 + " " + window.toNanos() / 1000;
    }
}
