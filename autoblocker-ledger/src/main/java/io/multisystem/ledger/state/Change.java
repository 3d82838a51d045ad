package io.multisystem.ledger.state;

import io.multisystem.ledger.decision.Decision;

/** A change to the set of active decisions, numbered by a gap-free version that watchers resume from. */
public record Change(long version, boolean deleted, Decision decision) {
}
