package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

/** What a revocation applies to. */
public enum RevocationTarget {
    /** One attestation, by its id. */
    ATTESTATION("attestation"),
    /** A key, by key id: everything it signed (attestations and grants) at or after the effective time. */
    KEY("key");

    private final String jsonName;

    RevocationTarget(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static RevocationTarget parse(String text) {
        for (RevocationTarget target : values()) {
            if (target.jsonName.equalsIgnoreCase(text) || target.name().equalsIgnoreCase(text)) {
                return target;
            }
        }
        throw new InvalidInputException(AttestationComponent.NAME, "REVOCATION_TARGET_INVALID",
                "a revocation targets 'attestation' or 'key', not '" + text + "'");
    }
}
