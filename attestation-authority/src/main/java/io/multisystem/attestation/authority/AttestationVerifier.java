package io.multisystem.attestation.authority;

import io.multisystem.attestation.delegation.Delegation;
import io.multisystem.attestation.delegation.ScopeDecision;
import io.multisystem.attestation.delegation.ScopePolicy;
import io.multisystem.attestation.delegation.ScopeViolation;
import io.multisystem.attestation.delegation.TrustRoot;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.dsse.EnvelopeSignature;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.intoto.Subject;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.keys.PreparedEd25519;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.PlatformException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an attestation in one pass against a {@link TrustView}: envelope, statement, every signature, every
 * signer's chain to a trusted root with all delegation constraints, validity times, revocations, and optionally the
 * log inclusion proof.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li>A signature counts toward the threshold only if it passes every per-signer check: strict Ed25519
 *       ({@link Ed25519#verify}) over {@code PAE(payloadType, payload)}; the signer is a registered issuer; its chain
 *       of grants reaches a trusted root within {@value #MAX_CHAIN} links without a cycle; {@link ScopePolicy#evaluate}
 *       accepts the chain for the statement at the verification time (narrowing, path length, predicate type and
 *       subjects, validity windows); and no key of the chain is revoked effective at or before the attestation's
 *       log time (or the verification time when it is not logged), nor revoked before a grant below it was logged.</li>
 *   <li>Grant signatures are checked when issuers are registered (or when a bundle is loaded), not per call: the
 *       per-call cost is one Ed25519 verification per signature plus hash-map lookups. Issuer public keys are
 *       validated and decoded once ({@link PreparedEd25519}); a statement is parsed once per attestation id.</li>
 *   <li>Attestation-level checks apply once: revocation of the attestation, validity from its log time to its
 *       {@code notAfter}, and the inclusion proof when asked.</li>
 *   <li>Bad input never throws: every problem is a {@link VerdictReason}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class AttestationVerifier {
    static final int MAX_CHAIN = 16;
    private static final int STATEMENT_CACHE_LIMIT = 10_000;
    /**
     * Parsed statements by attestation id (SHA-256 of the PAE bytes, which cover payload type and payload), so a
     * repeated verification of the same envelope does not parse and validate its JSON payload again. Statements are
     * immutable and the result of parsing is a function of the bytes, so this cache changes no answer.
     */
    private static final Map<String, ParsedStatement> STATEMENTS = new ConcurrentHashMap<>();

    private record ParsedStatement(Statement statement, String problem) {
    }

    /** Checks that a logged attestation is provably in the log. */
    @FunctionalInterface
    public interface ProofChecker {
        /** Empty when the proof verifies, else a sentence saying what failed. */
        Optional<String> check(AttestationRecord record, Envelope envelope);
    }

    private AttestationVerifier() {
    }

    /** Reads the JSON envelope and verifies it; unreadable input is {@link VerdictReason#MALFORMED_ENVELOPE}. */
    public static Verdict verifyJson(byte[] envelopeJson, TrustView view, VerifyPolicy policy, Instant now,
            ProofChecker proofs) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(envelopeJson);
        } catch (PlatformException e) {
            return new Verdict(false, List.of(VerdictReason.MALFORMED_ENVELOPE), List.of(e.getMessage()), "",
                    Optional.empty(), List.of(), -1);
        }
        return verify(envelope, view, policy, now, proofs);
    }

    /** Verifies {@code envelope}; see the class note for what is checked. */
    public static Verdict verify(Envelope envelope, TrustView view, VerifyPolicy policy, Instant now,
            ProofChecker proofs) {
        Instant at = policy.at().orElse(now);
        Set<VerdictReason> reasons = new LinkedHashSet<>();
        List<String> details = new ArrayList<>();
        byte[] pae = envelope.preAuthenticationEncoding();
        String id = Hashes.toHex(Hashes.sha256(pae));
        if (!io.multisystem.attestation.intoto.Statement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            reasons.add(VerdictReason.PAYLOAD_TYPE_MISMATCH);
            details.add("payload type '" + envelope.payloadType() + "' is not " + Statement.PAYLOAD_TYPE);
        }
        Statement statement = null;
        ParsedStatement parsed = STATEMENTS.get(id);
        if (parsed == null) {
            try {
                parsed = new ParsedStatement(Statement.parse(envelope.payload()), null);
            } catch (PlatformException e) {
                parsed = new ParsedStatement(null, e.getMessage());
            }
            if (STATEMENTS.size() >= STATEMENT_CACHE_LIMIT) {
                STATEMENTS.clear();
            }
            STATEMENTS.put(id, parsed);
        }
        if (parsed.statement() != null) {
            statement = parsed.statement();
        } else {
            reasons.add(VerdictReason.STATEMENT_INVALID);
            details.add(parsed.problem());
        }
        Optional<AttestationRecord> record = view.attestation(id);
        Instant signedAt = record.map(AttestationRecord::loggedAt).orElse(at);
        Set<String> verified = new LinkedHashSet<>();
        Set<VerdictReason> signerReasons = new LinkedHashSet<>();
        if (envelope.signatures().isEmpty()) {
            reasons.add(VerdictReason.NO_SIGNATURES);
            details.add("the envelope has no signatures");
        }
        for (int i = 0; i < envelope.signatures().size(); i++) {
            EnvelopeSignature signature = envelope.signatures().get(i);
            List<String> problems = new ArrayList<>();
            Set<VerdictReason> found = checkSigner(signature, i, pae, statement, view, at, signedAt, problems);
            if (found.isEmpty()) {
                if (policy.allowedKeys().isEmpty()
                        || policy.allowedKeys().stream().anyMatch(k -> k.value().equals(signature.keyId()))) {
                    verified.add(signature.keyId());
                }
            } else {
                signerReasons.addAll(found);
                details.addAll(problems);
            }
        }
        if (verified.size() < policy.threshold()) {
            reasons.addAll(signerReasons);
            if (!verified.isEmpty() || policy.threshold() > 1 || signerReasons.isEmpty()) {
                reasons.add(VerdictReason.THRESHOLD_NOT_MET);
            }
            details.add(verified.size() + " of the required " + policy.threshold()
                    + (policy.allowedKeys().isEmpty() ? "" : " allowed") + " keys signed validly with a valid chain");
        }
        if (record.isPresent()) {
            AttestationRecord logged = record.get();
            view.attestationRevocation(id).ifPresent(revocation -> {
                if (!at.isBefore(revocation.effectiveAt())) {
                    reasons.add(VerdictReason.REVOKED);
                    details.add("the attestation was revoked (" + revocation.reason().rfcName() + ") effective "
                            + revocation.effectiveAt());
                }
            });
            if (at.isBefore(logged.loggedAt())) {
                reasons.add(VerdictReason.NOT_YET_VALID);
                details.add("the attestation was issued at " + logged.loggedAt() + ", after the verification time "
                        + at);
            }
            if (logged.notAfter().isPresent() && at.isAfter(logged.notAfter().get())) {
                reasons.add(VerdictReason.EXPIRED);
                details.add("the attestation expired at " + logged.notAfter().get());
            }
        }
        if (policy.requireProof()) {
            if (record.isEmpty()) {
                reasons.add(VerdictReason.NOT_LOGGED);
                details.add("attestation " + id + " is not in the log, so no inclusion proof exists");
            } else {
                proofs.check(record.get(), envelope).ifPresent(problem -> {
                    reasons.add(VerdictReason.PROOF_INVALID);
                    details.add(problem);
                });
            }
        }
        boolean valid = reasons.isEmpty();
        if (valid) {
            details.add("verified by " + verified.size() + " key(s) chained to a trusted root");
        }
        return new Verdict(valid, List.copyOf(reasons), details, id, Optional.ofNullable(statement),
                List.copyOf(verified), record.map(AttestationRecord::logIndex).orElse(-1L));
    }

    private static Set<VerdictReason> checkSigner(EnvelopeSignature signature, int index, byte[] pae,
            Statement statement, TrustView view, Instant at, Instant signedAt, List<String> problems) {
        Set<VerdictReason> reasons = new LinkedHashSet<>();
        byte[] sig = signature.sig();
        if (sig.length != Ed25519.SIGNATURE_LENGTH) {
            reasons.add(VerdictReason.SIGNATURE_INVALID);
            problems.add("signature " + index + " is " + sig.length + " bytes; Ed25519 signatures are 64");
            return reasons;
        }
        KeyId signer;
        try {
            signer = KeyId.parse(signature.keyId());
        } catch (PlatformException e) {
            reasons.add(VerdictReason.UNKNOWN_KEY);
            problems.add("signature " + index + " has keyid '" + signature.keyId()
                    + "', not the 64-hex key id of a registered key");
            return reasons;
        }
        Optional<IssuerRecord> issuer = view.issuer(signer);
        if (issuer.isEmpty()) {
            reasons.add(VerdictReason.UNKNOWN_KEY);
            problems.add("signature " + index + " is by " + signer + ", which is not a registered issuer");
            return reasons;
        }
        if (!PreparedEd25519.verify(issuer.get().grant().delegatePublicKey(), pae, sig)) {
            reasons.add(VerdictReason.SIGNATURE_INVALID);
            problems.add("signature " + index + " by " + signer
                    + " does not verify (strict Ed25519) over the payload and its type");
            return reasons;
        }
        if (statement == null) {
            return reasons;
        }
        // Walk up to the root.
        List<IssuerRecord> path = new ArrayList<>();
        Set<KeyId> seen = new HashSet<>();
        IssuerRecord current = issuer.get();
        while (true) {
            if (!seen.add(current.key()) || path.size() >= MAX_CHAIN) {
                reasons.add(VerdictReason.CHAIN_UNTRUSTED);
                problems.add("the chain of " + signer + " has a cycle or more than " + MAX_CHAIN + " links");
                return reasons;
            }
            path.add(current);
            if (current.isRoot()) {
                break;
            }
            Optional<IssuerRecord> parent = view.issuer(current.grant().issuer());
            if (parent.isEmpty()) {
                reasons.add(VerdictReason.CHAIN_UNTRUSTED);
                problems.add("the grant of " + current.key() + " is issued by " + current.grant().issuer()
                        + ", which is not a registered issuer");
                return reasons;
            }
            current = parent.get();
        }
        IssuerRecord root = path.get(path.size() - 1);
        if (!view.isTrustedRoot(root.key())) {
            reasons.add(VerdictReason.CHAIN_UNTRUSTED);
            problems.add("the chain of " + signer + " ends at " + root.key() + ", which is not a trusted root");
            return reasons;
        }
        List<Delegation> chain = new ArrayList<>(path.size() - 1);
        for (int i = path.size() - 2; i >= 0; i--) {
            Grant grant = path.get(i).grant();
            chain.add(new Delegation(grant.issuer(), grant.delegate(), grant.scope()));
        }
        ScopeDecision decision = ScopePolicy.evaluate(List.of(new TrustRoot(root.key(), root.grant().scope())), chain,
                signer, statement.predicateType(), subjectNames(statement), at);
        for (ScopeViolation violation : decision.violations()) {
            reasons.add(VerdictReason.valueOf(violation.reason().name()));
            problems.add("signer " + signer + ": " + violation.detail());
        }
        for (int i = 0; i < path.size(); i++) {
            IssuerRecord link = path.get(i);
            Optional<RevocationRecord> revoked = view.keyRevocation(link.key());
            if (revoked.isEmpty()) {
                continue;
            }
            Instant effective = revoked.get().effectiveAt();
            if (!signedAt.isBefore(effective)) {
                reasons.add(VerdictReason.KEY_REVOKED);
                problems.add("key " + link.key() + " in the chain of " + signer + " was revoked ("
                        + revoked.get().reason().rfcName() + ") effective " + effective + ", not after "
                        + signedAt);
            } else if (i > 0 && !path.get(i - 1).loggedAt().isBefore(effective)) {
                reasons.add(VerdictReason.KEY_REVOKED);
                problems.add("key " + link.key() + " was revoked effective " + effective
                        + " before it granted " + path.get(i - 1).key());
            }
        }
        return reasons;
    }

    private static List<String> subjectNames(Statement statement) {
        List<Subject> subjects = statement.subjects();
        List<String> names = new ArrayList<>(subjects.size());
        for (Subject subject : subjects) {
            names.add(subject.name());
        }
        return names;
    }
}
