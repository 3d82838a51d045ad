package io.multisystem.attestation;

/** Identity of this system in errors and telemetry. */
public final class AttestationComponent {
    /** The component name every error raised by the attestation authority carries. */
    public static final String NAME = "attestation-authority";

    private AttestationComponent() {
    }
}
