package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the transparency log: the audit record of a state change. Its bytes (compact JSON, written once and
 * never re-encoded) are the Merkle leaf data; {@code loggedAt}, the log time, is inside them so it is covered by the
 * leaf hash. Shapes:
 * <pre>
 * {"kind":"root"|"delegation","grant":&lt;DSSE envelope&gt;,"loggedAt":RFC 3339}
 * {"kind":"attestation","id":hex,"statusIndex":n,"notAfter":RFC 3339|null,"envelope":&lt;DSSE envelope&gt;,"loggedAt":...}
 * {"kind":"revocation","seq":n,"targetKind":"attestation"|"key","target":hex,"reason":"keyCompromise",
 *  "reasonCode":1,"effectiveAt":RFC 3339,"loggedAt":...}
 * </pre>
 */
public sealed interface LogEntry permits LogEntry.IssuerAdded, LogEntry.AttestationIssued, LogEntry.Revoked {
    JsonMapper JSON = JsonMapper.builder().build();

    /** The log time: when the authority appended the entry. */
    Instant loggedAt();

    /** The kind name stored with the leaf: root, delegation, attestation, revocation. */
    String kind();

    /** The entry's JSON bytes: the leaf data. */
    byte[] toBytes();

    /** A root or delegated issuer was registered; {@code grant} is its signed grant envelope. */
    record IssuerAdded(boolean root, Envelope grant, Instant loggedAt) implements LogEntry {
        @Override
        public String kind() {
            return root ? "root" : "delegation";
        }

        @Override
        public byte[] toBytes() {
            ObjectNode node = JSON.createObjectNode();
            node.put("kind", kind());
            node.set("grant", JSON.readTree(EnvelopeJson.write(grant)));
            node.put("loggedAt", loggedAt.toString());
            return JSON.writeValueAsBytes(node);
        }
    }

    /** An attestation was issued. */
    record AttestationIssued(String id, long statusIndex, Optional<Instant> notAfter, Envelope envelope,
            Instant loggedAt) implements LogEntry {
        @Override
        public String kind() {
            return "attestation";
        }

        @Override
        public byte[] toBytes() {
            ObjectNode node = JSON.createObjectNode();
            node.put("kind", kind());
            node.put("id", id);
            node.put("statusIndex", statusIndex);
            if (notAfter.isPresent()) {
                node.put("notAfter", notAfter.get().toString());
            } else {
                node.putNull("notAfter");
            }
            node.set("envelope", JSON.readTree(EnvelopeJson.write(envelope)));
            node.put("loggedAt", loggedAt.toString());
            return JSON.writeValueAsBytes(node);
        }
    }

    /** An attestation or a key was revoked. */
    record Revoked(long seq, RevocationTarget targetKind, String target, RevocationReason reason,
            Instant effectiveAt, Instant loggedAt) implements LogEntry {
        @Override
        public String kind() {
            return "revocation";
        }

        @Override
        public byte[] toBytes() {
            ObjectNode node = JSON.createObjectNode();
            node.put("kind", kind());
            node.put("seq", seq);
            node.put("targetKind", targetKind.jsonName());
            node.put("target", target);
            node.put("reason", reason.rfcName());
            node.put("reasonCode", reason.code());
            node.put("effectiveAt", effectiveAt.toString());
            node.put("loggedAt", loggedAt.toString());
            return JSON.writeValueAsBytes(node);
        }
    }

    /**
     * Parses entry bytes.
     *
     * @throws InvalidInputException {@code LOG_ENTRY_INVALID} if they are not an entry of a known kind
     */
    static LogEntry parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            JsonNode node = JSON.readTree(bytes);
            String kind = node.path("kind").asString("");
            Instant loggedAt = Instant.parse(node.path("loggedAt").asString(""));
            switch (kind) {
                case "root":
                case "delegation":
                    return new IssuerAdded("root".equals(kind),
                            EnvelopeJson.read(JSON.writeValueAsString(node.get("grant"))), loggedAt);
                case "attestation":
                    JsonNode notAfter = node.get("notAfter");
                    return new AttestationIssued(node.path("id").asString(""), node.path("statusIndex").asLong(-1),
                            notAfter == null || notAfter.isNull() ? Optional.empty()
                                    : Optional.of(Instant.parse(notAfter.asString())),
                            EnvelopeJson.read(JSON.writeValueAsString(node.get("envelope"))), loggedAt);
                case "revocation":
                    return new Revoked(node.path("seq").asLong(-1),
                            RevocationTarget.parse(node.path("targetKind").asString("")),
                            node.path("target").asString(""), RevocationReason.parse(node.path("reason").asString("")),
                            Instant.parse(node.path("effectiveAt").asString("")), loggedAt);
                default:
                    throw new IllegalArgumentException("unknown entry kind '" + kind + "'");
            }
        } catch (RuntimeException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "LOG_ENTRY_INVALID",
                    "not a log entry of this authority: " + e.getMessage());
        }
    }
}
