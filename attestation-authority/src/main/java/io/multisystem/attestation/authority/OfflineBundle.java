package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.checkpoint.Checkpoint;
import io.multisystem.attestation.checkpoint.CheckpointVerification;
import io.multisystem.attestation.checkpoint.CheckpointVerifier;
import io.multisystem.attestation.checkpoint.NoteKey;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.log.InclusionProof;
import io.multisystem.attestation.log.MerkleVerifier;
import io.multisystem.attestation.log.ProofVerification;
import io.multisystem.attestation.log.TreeHasher;
import io.multisystem.attestation.statuslist.StatusListCredential;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The offline verification bundle: everything an auditor needs, besides the envelope and the trusted root keys, to
 * verify an attestation without contacting the authority. JSON:
 * <pre>
 * {"mediaType": "application/vnd.multisystem.attestation.bundle+json;version=1",
 *  "grants": [&lt;DSSE grant envelope&gt;, ...],          root first, then each delegation down to the signer
 *  "logEntry": {"index": n, "data": base64},             the attestation's log leaf data
 *  "inclusionProof": {"leafIndex": n, "treeSize": m, "hashes": [base64, ...]},
 *  "checkpoint": "&lt;C2SP signed note&gt;"}                 a checkpoint of size m
 * </pre>
 * {@link #verify} checks the grants' signatures (each by its parent, the root self-signed and among the trusted
 * roots), the checkpoint's signature by the log key, the inclusion proof of the entry against it, that the entry
 * records this envelope (its log time and notAfter then apply), and, when given, a status list credential signed by
 * the same authority key. Revocations made after the bundle are only visible through a fresh status list.
 */
public final class OfflineBundle {
    public static final String MEDIA_TYPE = "application/vnd.multisystem.attestation.bundle+json;version=1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OfflineBundle() {
    }

    /** Builds the bundle of an attestation issued by {@code authority}. */
    public static String create(Authority authority, String attestationId) {
        AttestationStatus status = authority.status(attestationId);
        AttestationRecord record = status.record();
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", MEDIA_TYPE);
        ArrayNode grants = bundle.putArray("grants");
        java.util.LinkedHashSet<KeyId> added = new java.util.LinkedHashSet<>();
        for (String signer : record.signers()) {
            for (IssuerRecord link : authority.chainOf(KeyId.parse(signer))) {
                if (added.add(link.key())) {
                    grants.add(JSON.readTree(EnvelopeJson.write(link.grantEnvelope())));
                }
            }
        }
        String checkpointText = authority.signedCheckpoint();
        Checkpoint checkpoint = Checkpoint.parse(io.multisystem.attestation.checkpoint.SignedNote.parse(checkpointText)
                .text());
        byte[] data = authority.entries(record.logIndex(), 1).get(0).entry();
        ObjectNode entry = bundle.putObject("logEntry");
        entry.put("index", record.logIndex());
        entry.put("data", Base64.getEncoder().encodeToString(data));
        InclusionProof proof = authority.inclusionProof(record.logIndex(), checkpoint.treeSize());
        bundle.set("inclusionProof", proofJson(proof));
        bundle.put("checkpoint", checkpointText);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bundle);
    }

    /** An inclusion proof as {@code {"leafIndex", "treeSize", "hashes": [base64]}}. */
    public static ObjectNode proofJson(InclusionProof proof) {
        ObjectNode node = JSON.createObjectNode();
        node.put("leafIndex", proof.leafIndex());
        node.put("treeSize", proof.treeSize());
        ArrayNode hashes = node.putArray("hashes");
        proof.hashes().forEach(h -> hashes.add(Base64.getEncoder().encodeToString(h)));
        return node;
    }

    /**
     * Verifies {@code envelopeJson} offline against the bundle. Never throws for a bad envelope; a bundle that
     * cannot be read at all is {@code BUNDLE_INVALID}.
     *
     * @param trustedRoots root public keys the verifier trusts
     * @param logKey       the log's signed-note verifier key (its name is the log origin)
     * @param statusList   an optional status list credential from the same authority
     */
    public static Verdict verify(byte[] envelopeJson, String bundleJson, Set<Ed25519PublicKey> trustedRoots,
            NoteKey logKey, Optional<String> statusList, VerifyPolicy policy, Instant now) {
        JsonNode bundle = readBundle(bundleJson);
        BundleView view = new BundleView(bundle, trustedRoots);
        String checkpoint = bundle.path("checkpoint").asString("");
        JsonNode proofNode = bundle.path("inclusionProof");
        Verdict verdict = AttestationVerifier.verifyJson(envelopeJson, view, policy.withProof(), now,
                (record, envelope) -> checkProof(record, view.entryData, checkpoint, proofNode, logKey));
        if (statusList.isPresent() && view.record != null && verdict.attestationId().equals(view.record.id())) {
            List<VerdictReason> reasons = new ArrayList<>(verdict.reasons());
            List<String> details = new ArrayList<>(verdict.details());
            if (!StatusListCredential.verify(statusList.get(), logKey.publicKey())) {
                reasons.add(VerdictReason.PROOF_INVALID);
                details.add("the status list is not signed by the authority key of " + logKey.name());
            } else if (StatusListCredential.isSet(statusList.get(), view.record.statusIndex())) {
                reasons.add(VerdictReason.REVOKED);
                details.add("status list bit " + view.record.statusIndex() + " is set: the attestation is revoked");
            }
            if (!reasons.isEmpty()) {
                details.removeIf(d -> d.startsWith("verified by"));
                return new Verdict(false, reasons.stream().distinct().toList(), details, verdict.attestationId(),
                        verdict.statement(), verdict.verifiedSigners(), verdict.logIndex());
            }
        }
        return verdict;
    }

    private static Optional<String> checkProof(AttestationRecord record, byte[] entryData, String checkpointText,
            JsonNode proofNode, NoteKey logKey) {
        CheckpointVerification checkpoint = CheckpointVerifier.of(logKey.name(), logKey).verify(checkpointText);
        if (!checkpoint.isVerified()) {
            return Optional.of("the checkpoint does not verify: " + checkpoint.problem() + " (" + checkpoint.detail()
                    + ")");
        }
        Checkpoint verified = checkpoint.checkpoint().orElseThrow();
        long leafIndex = proofNode.path("leafIndex").asLong(-1);
        long treeSize = proofNode.path("treeSize").asLong(-1);
        if (leafIndex != record.logIndex()) {
            return Optional.of("the inclusion proof is for leaf " + leafIndex + ", the entry is " + record.logIndex());
        }
        if (treeSize != verified.treeSize()) {
            return Optional.of("the inclusion proof is for tree size " + treeSize + ", the checkpoint's is "
                    + verified.treeSize());
        }
        List<byte[]> hashes = new ArrayList<>();
        try {
            for (JsonNode hash : proofNode.path("hashes")) {
                hashes.add(Base64.getDecoder().decode(hash.asString("")));
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("an inclusion proof hash is not base64");
        }
        ProofVerification result = MerkleVerifier.verifyInclusion(leafIndex, treeSize, TreeHasher.hashLeaf(entryData),
                hashes, verified.rootHash());
        return result.isValid() ? Optional.empty() : Optional.of("the inclusion proof fails: " + result.detail());
    }

    private static JsonNode readBundle(String bundleJson) {
        try {
            JsonNode node = JSON.readTree(bundleJson);
            if (node == null || !node.isObject() || !MEDIA_TYPE.equals(node.path("mediaType").asString(""))) {
                throw invalid("a bundle is a JSON object with mediaType " + MEDIA_TYPE);
            }
            return node;
        } catch (JacksonException e) {
            throw invalid("the bundle is not JSON: " + e.getOriginalMessage());
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(AttestationComponent.NAME, "BUNDLE_INVALID", message);
    }

    /** Issuers from the bundle's grants (each checked against its parent), and the logged attestation. */
    private static final class BundleView implements TrustView {
        private final Map<KeyId, IssuerRecord> issuers = new HashMap<>();
        private final Set<KeyId> trusted;
        private AttestationRecord record;
        private byte[] entryData = new byte[0];

        BundleView(JsonNode bundle, Set<Ed25519PublicKey> trustedRoots) {
            this.trusted = new java.util.HashSet<>();
            trustedRoots.forEach(k -> trusted.add(KeyId.of(k)));
            JsonNode entry = bundle.path("logEntry");
            long index = entry.path("index").asLong(-1);
            try {
                entryData = Base64.getDecoder().decode(entry.path("data").asString(""));
                if (LogEntry.parse(entryData) instanceof LogEntry.AttestationIssued issued) {
                    record = new AttestationRecord(issued.id(), issued.statusIndex(), index, issued.loggedAt(),
                            issued.notAfter(), issued.envelope().signatures().stream().map(s -> s.keyId()).toList());
                }
            } catch (PlatformException | IllegalArgumentException e) {
                record = null;
            }
            for (JsonNode grantNode : bundle.path("grants")) {
                try {
                    Envelope envelope = EnvelopeJson.read(JSON.writeValueAsString(grantNode));
                    Grant unverified = Grant.readUnverified(envelope);
                    Instant loggedAt = unverified.issuedAt();
                    if (unverified.root()) {
                        Grant grant = Grant.readSignedRoot(envelope);
                        issuers.put(grant.delegate(), new IssuerRecord(grant, envelope, 0, -1, loggedAt));
                    } else {
                        IssuerRecord parent = issuers.get(unverified.issuer());
                        if (parent != null) {
                            Grant grant = Grant.readSigned(envelope, parent.grant().delegatePublicKey());
                            issuers.put(grant.delegate(), new IssuerRecord(grant, envelope, parent.depth() + 1, -1,
                                    loggedAt));
                        }
                    }
                } catch (PlatformException e) {
                    // a grant that does not verify is left out: signers depending on it get UNKNOWN_KEY/CHAIN_UNTRUSTED
                }
            }
        }

        @Override
        public Optional<IssuerRecord> issuer(KeyId key) {
            return Optional.ofNullable(issuers.get(key));
        }

        @Override
        public boolean isTrustedRoot(KeyId key) {
            return trusted.contains(key);
        }

        @Override
        public Optional<AttestationRecord> attestation(String id) {
            return record != null && record.id().equals(id) ? Optional.of(record) : Optional.empty();
        }

        @Override
        public Optional<RevocationRecord> attestationRevocation(String id) {
            return Optional.empty();
        }

        @Override
        public Optional<RevocationRecord> keyRevocation(KeyId key) {
            return Optional.empty();
        }
    }
}
