package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 5280 section 5.3.1 CRLReason codes (value 7 is unused in the RFC). */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    REMOVE_FROM_CRL(8, "removeFromCRL"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The RFC 5280 integer code. */
    public int code() {
        return code;
    }

    /** The RFC 5280 ASN.1 name, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /**
     * Parses an RFC name ({@code keyCompromise}), an enum name ({@code KEY_COMPROMISE}, any case, '-' or '_') or the
     * integer code.
     *
     * @throws InvalidInputException {@code REVOCATION_REASON_INVALID} listing the accepted values
     */
    public static RevocationReason parse(String text) {
        String normalized = text == null ? "" : text.strip();
        for (RevocationReason reason : values()) {
            if (reason.rfcName.equalsIgnoreCase(normalized)
                    || reason.name().equalsIgnoreCase(normalized.replace('-', '_'))
                    || String.valueOf(reason.code).equals(normalized)) {
                return reason;
            }
        }
        throw new InvalidInputException(AttestationComponent.NAME, "REVOCATION_REASON_INVALID",
                "'" + text + "' is not an RFC 5280 reason; use one of " + Arrays.stream(values())
                        .map(r -> r.rfcName + " (" + r.code + ")").collect(Collectors.joining(", ")));
    }

    /** The reason with this RFC 5280 code. */
    public static RevocationReason ofCode(int code) {
        return parse(String.valueOf(code));
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
