package io.multisystem.contract.eval;

import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.EntityUid;

/** An authorization request: who (principal) does what (action) to what (resource), in which context. */
public record Request(EntityUid principal, EntityUid action, EntityUid resource, CRecord context) {
}
