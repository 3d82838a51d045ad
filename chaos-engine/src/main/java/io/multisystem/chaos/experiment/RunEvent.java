package io.multisystem.chaos.experiment;

import java.time.Instant;

/**
 * Progress of a run, as streamed by {@code Run} and printed live by the CLI.
 *
 * @param runId    the run
 * @param at       when
 * @param type     {@code started}, {@code hypothesis}, {@code stage}, {@code activity}, {@code fault-injected},
 *                 {@code hypothesis-violated}, {@code aborting}, {@code fault-reverted}, {@code rollback},
 *                 {@code finished}
 * @param activity the activity or probe concerned, or empty
 * @param ok       whether this step went well (a met hypothesis, a succeeded activity)
 * @param message  a readable line
 */
public record RunEvent(String runId, Instant at, String type, String activity, boolean ok, String message) {
}
