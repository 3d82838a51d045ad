package io.multisystem.chaos.experiment;

import java.time.Instant;
import java.util.Map;

/**
 * A fault written to the journal before it was injected; it stays in the journal until it is reverted.
 *
 * @param id         unique id
 * @param runId      the experiment run that injected it
 * @param kind       {@code toxic}, {@code process-pause}, {@code process-kill}, {@code process-terminate}, {@code cgroup}
 * @param target     what it hits: {@code proxy:NAME} or {@code process:PID}
 * @param revert     what reverting needs (proxy and toxic name, pid and start instant, file and previous content)
 * @param injectedAt when it was journaled
 */
public record ActiveFault(String id, String runId, String kind, String target, Map<String, String> revert,
                          Instant injectedAt) {
}
