package io.multisystem.attestation.cli;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.authority.AttestationStatus;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.IssueRequest;
import io.multisystem.attestation.authority.IssuedAttestation;
import io.multisystem.attestation.authority.IssuerRecord;
import io.multisystem.attestation.authority.KeySource;
import io.multisystem.attestation.authority.OfflineBundle;
import io.multisystem.attestation.authority.RevocationReason;
import io.multisystem.attestation.authority.RevocationRecord;
import io.multisystem.attestation.authority.RevocationTarget;
import io.multisystem.attestation.authority.Verdict;
import io.multisystem.attestation.authority.VerdictReason;
import io.multisystem.attestation.authority.VerifyPolicy;
import io.multisystem.attestation.checkpoint.NoteKey;
import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.v1.AttestationServiceGrpc;
import io.multisystem.attestation.v1.DelegateRequest;
import io.multisystem.attestation.v1.ExportStatusListRequest;
import io.multisystem.attestation.v1.GetStatusRequest;
import io.multisystem.attestation.v1.KeyMaterial;
import io.multisystem.attestation.v1.RegisterRootRequest;
import io.multisystem.attestation.v1.RevokeRequest;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Pem;
import io.multisystem.core.error.InvalidInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** The issuer, issue, verify and revoke verbs. */
final class AuthorityCommands {
    private AuthorityCommands() {
    }

    /** Scope options shared by {@code root add} and {@code delegate}. */
    static final class ScopeOptions {
        @Option(names = "--predicate", required = true, paramLabel = "GLOB",
                description = "Allowed predicate type pattern ('*' matches anything); repeatable.")
        List<String> predicates;
        @Option(names = "--subject", required = true, paramLabel = "GLOB",
                description = "Allowed subject name pattern; repeatable.")
        List<String> subjects;
        @Option(names = "--not-before", paramLabel = "TIME", description = "Start of validity (default now).")
        String notBefore;
        @Option(names = "--not-after", required = true, paramLabel = "TIME", description = "End of validity.")
        String notAfter;
        @Option(names = "--max-path-length", defaultValue = "0", paramLabel = "N",
                description = "Further delegation levels allowed (default 0).")
        int maxPathLength;

        Scope scope() {
            Instant start = notBefore == null ? Instant.now() : AuthorityAccess.instant(notBefore, "--not-before");
            return Scope.of(predicates, subjects, start, AuthorityAccess.instant(notAfter, "--not-after"),
                    maxPathLength);
        }

        io.multisystem.attestation.v1.Scope proto() {
            Scope scope = scope();
            return io.multisystem.attestation.v1.Scope.newBuilder().addAllPredicateTypes(predicates)
                    .addAllSubjectNames(subjects).setNotBefore(ts(scope.notBefore())).setNotAfter(ts(scope.notAfter()))
                    .setMaxPathLength(maxPathLength).build();
        }
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Map<String, Object> issuerJson(String keyId, String parent, int depth, long logIndex) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keyId", keyId);
        json.put("parentKeyId", parent);
        json.put("depth", depth);
        json.put("logIndex", logIndex);
        return json;
    }

    static Map<String, Object> issuerJson(IssuerRecord record) {
        return issuerJson(record.key().value(), record.isRoot() ? "" : record.grant().issuer().value(),
                record.depth(), record.logIndex());
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Generate an Ed25519 key pair: FILE gets the PKCS#8 private key (owner-only), FILE.pub the"
                    + " public key. Prints the key id.")
    static final class Keygen implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Private key file to write.")
        Path out;

        @Override
        public Integer call() {
            Ed25519PrivateKey key = Ed25519.generateKeyPair();
            AuthorityAccess.writeSecret(out, Pem.writePrivateKey(key));
            Path pub = Path.of(out + ".pub");
            AuthorityAccess.write(pub, Pem.writePublicKey(key.publicKey()));
            String keyId = KeyId.of(key.publicKey()).value();
            common.console().result(Map.of("keyId", keyId, "privateKeyFile", out.toString(), "publicKeyFile",
                    pub.toString()), () -> keyId);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "root", mixinStandardHelpOptions = true, description = "Root authorities.",
            subcommands = RootAdd.class)
    static final class Root {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a root authority (self-signed grant). Generates its key unless --key is given.")
    static final class RootAdd implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Mixin
        ScopeOptions scope;
        @Option(names = "--key", paramLabel = "FILE", description = "Import this PKCS#8 private key.")
        Path key;

        @Override
        public Integer call() {
            Console console = common.console();
            Map<String, Object> json;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var issuer = AttestationServiceGrpc.newBlockingStub(channel).registerRoot(RegisterRootRequest
                            .newBuilder().setScope(scope.proto()).setKey(material(key, null)).build());
                    json = issuerJson(issuer.getKeyId(), "", 0, issuer.getLogIndex());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    json = issuerJson(process.authority().registerRoot(source(key, null), scope.scope()));
                }
            }
            Map<String, Object> result = json;
            console.result(result, () -> "root " + result.get("keyId") + " registered (log index "
                    + result.get("logIndex") + ")");
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "delegate", mixinStandardHelpOptions = true,
            description = "Delegate a narrower scope from --parent to a new issuer key (generated unless --key or"
                    + " --public-key is given).")
    static final class Delegate implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Mixin
        ScopeOptions scope;
        @Option(names = "--parent", required = true, paramLabel = "KEYID", description = "The delegating issuer.")
        String parent;
        @Option(names = "--key", paramLabel = "FILE", description = "Import this PKCS#8 private key.")
        Path key;
        @Option(names = "--public-key", paramLabel = "FILE",
                description = "Only this public key: the delegate signs its envelopes itself.")
        Path publicKey;

        @Override
        public Integer call() {
            Map<String, Object> json;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var issuer = AttestationServiceGrpc.newBlockingStub(channel).delegate(DelegateRequest.newBuilder()
                            .setParentKeyId(parent).setScope(scope.proto()).setKey(material(key, publicKey)).build());
                    json = issuerJson(issuer.getKeyId(), issuer.getParentKeyId(), issuer.getDepth(),
                            issuer.getLogIndex());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    json = issuerJson(process.authority().delegate(KeyId.parse(parent), source(key, publicKey),
                            scope.scope()));
                }
            }
            Map<String, Object> result = json;
            common.console().result(result, () -> "issuer " + result.get("keyId") + " delegated from " + parent
                    + " at depth " + result.get("depth"));
            return ExitCode.SUCCESS.code();
        }
    }

    static KeySource source(Path key, Path publicKey) {
        if (key != null && publicKey != null) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEY_INVALID",
                    "give --key or --public-key, not both");
        }
        if (key != null) {
            return KeySource.importPrivate(Pem.readPrivateKey(AuthorityAccess.read(key, "private key")));
        }
        if (publicKey != null) {
            return KeySource.publicOnly(Pem.readPublicKey(AuthorityAccess.read(publicKey, "public key")));
        }
        return KeySource.generate();
    }

    static KeyMaterial material(Path key, Path publicKey) {
        if (key != null) {
            return KeyMaterial.newBuilder().setPrivateKeyPem(AuthorityAccess.read(key, "private key")).build();
        }
        if (publicKey != null) {
            return KeyMaterial.newBuilder().setPublicKeyPem(AuthorityAccess.read(publicKey, "public key")).build();
        }
        return KeyMaterial.getDefaultInstance();
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Sign an in-toto Statement v1 into a DSSE envelope with one or more issuer keys and log it.")
    static final class Issue implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Option(names = "--statement", required = true, paramLabel = "FILE", description = "The statement JSON.")
        Path statement;
        @Option(names = "--signer", required = true, paramLabel = "KEYID", description = "Signing issuer; repeatable.")
        List<String> signers;
        @Option(names = "--not-after", paramLabel = "TIME", description = "End of the attestation's validity.")
        String notAfter;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the envelope JSON here.")
        Path out;
        @Option(names = "--bundle", paramLabel = "FILE",
                description = "Also write the offline verification bundle (in-process only).")
        Path bundle;

        @Override
        public Integer call() {
            String statementJson = AuthorityAccess.read(statement, "statement");
            Map<String, Object> json = new LinkedHashMap<>();
            String envelope;
            if (common.server().isPresent()) {
                if (bundle != null) {
                    throw new InvalidInputException(AttestationComponent.NAME, "BUNDLE_NEEDS_IN_PROCESS",
                            "--bundle is written by the in-process authority; drop --server or --bundle");
                }
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var request = io.multisystem.attestation.v1.IssueRequest.newBuilder()
                            .setStatementJson(statementJson).addAllSignerKeyIds(signers);
                    if (notAfter != null) {
                        request.setNotAfter(ts(AuthorityAccess.instant(notAfter, "--not-after")));
                    }
                    var issued = AttestationServiceGrpc.newBlockingStub(channel).issue(request.build());
                    envelope = issued.getEnvelopeJson();
                    json.put("attestationId", issued.getAttestationId());
                    json.put("logIndex", issued.getLogIndex());
                    json.put("statusIndex", issued.getStatusIndex());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    IssuedAttestation issued = process.authority().issue(new IssueRequest(Statement.parse(statementJson),
                            signers.stream().map(KeyId::parse).toList(), Optional.ofNullable(notAfter)
                            .map(t -> AuthorityAccess.instant(t, "--not-after"))));
                    envelope = EnvelopeJson.write(issued.envelope());
                    json.put("attestationId", issued.record().id());
                    json.put("logIndex", issued.record().logIndex());
                    json.put("statusIndex", issued.record().statusIndex());
                    if (bundle != null) {
                        AuthorityAccess.write(bundle, OfflineBundle.create(process.authority(), issued.record().id()));
                        json.put("bundle", bundle.toString());
                    }
                }
            }
            if (out != null) {
                AuthorityAccess.write(out, envelope);
                json.put("envelopeFile", out.toString());
            } else {
                json.put("envelope", envelope);
            }
            common.console().result(json, () -> out == null ? envelope : "attestation " + json.get("attestationId")
                    + " issued at log index " + json.get("logIndex") + ", envelope in " + out);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify an envelope: with --bundle fully offline (trusted roots and log key from files),"
                    + " else against the in-process authority or --server. Exit 1 when it does not verify.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Option(names = "--envelope", required = true, paramLabel = "FILE", description = "The DSSE envelope JSON.")
        Path envelope;
        @Option(names = "--bundle", paramLabel = "FILE", description = "Offline bundle (chain, log entry, proof,"
                + " checkpoint).")
        Path bundle;
        @Option(names = "--trusted-root", paramLabel = "FILE",
                description = "Offline: a trusted root public key (PEM); repeatable.")
        List<Path> trustedRoots = new ArrayList<>();
        @Option(names = "--log-key", paramLabel = "KEY|FILE",
                description = "Offline: the log's signed-note verifier key, or a file holding it.")
        String logKey;
        @Option(names = "--status-list", paramLabel = "FILE", description = "Offline: a status list credential.")
        Path statusList;
        @Option(names = "--at", paramLabel = "TIME", description = "Verify at this time (default now).")
        String at;
        @Option(names = "--threshold", defaultValue = "1", paramLabel = "K", description = "K of the --key keys.")
        int threshold;
        @Option(names = "--key", paramLabel = "KEYID", description = "Allowed signer for the threshold; repeatable.")
        List<String> keys = new ArrayList<>();
        @Option(names = "--proof", description = "Also require the log inclusion proof.")
        boolean proof;

        @Override
        public Integer call() {
            byte[] envelopeJson = AuthorityAccess.read(envelope, "envelope").getBytes(StandardCharsets.UTF_8);
            Set<KeyId> allowed = new LinkedHashSet<>();
            keys.forEach(k -> allowed.add(KeyId.parse(k)));
            VerifyPolicy policy = new VerifyPolicy(Optional.ofNullable(at).map(t -> AuthorityAccess.instant(t, "--at")),
                    threshold, allowed, proof);
            Map<String, Object> json;
            if (bundle != null) {
                json = verdictJson(offline(envelopeJson, policy));
            } else if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var protoPolicy = io.multisystem.attestation.v1.VerifyPolicy.newBuilder().setThreshold(threshold)
                            .addAllAllowedKeyIds(keys).setRequireInclusionProof(proof);
                    policy.at().ifPresent(t -> protoPolicy.setAt(ts(t)));
                    var verdict = AttestationServiceGrpc.newBlockingStub(channel).verify(
                            io.multisystem.attestation.v1.VerifyRequest.newBuilder()
                                    .setEnvelopeJson(new String(envelopeJson, StandardCharsets.UTF_8))
                                    .setPolicy(protoPolicy).build());
                    json = verdictJson(verdict.getValid(), verdict.getReasonsList(), verdict.getDetailsList(),
                            verdict.getAttestationId(), verdict.getVerifiedSignersList(), verdict.getLogIndex());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    json = verdictJson(process.authority().verify(envelopeJson, policy));
                }
            }
            boolean valid = (Boolean) json.get("valid");
            common.console().result(json, () -> (valid ? "VALID " : "INVALID " + json.get("reasons") + " ")
                    + json.get("attestationId") + "\n  " + String.join("\n  ", castList(json.get("details"))));
            return valid ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        private Verdict offline(byte[] envelopeJson, VerifyPolicy policy) {
            if (trustedRoots.isEmpty() || logKey == null) {
                throw new InvalidInputException(AttestationComponent.NAME, "OFFLINE_TRUST_MISSING",
                        "offline verification needs --trusted-root (root public key PEM) and --log-key");
            }
            Set<Ed25519PublicKey> roots = new LinkedHashSet<>();
            trustedRoots.forEach(f -> roots.add(Pem.readPublicKey(AuthorityAccess.read(f, "trusted root"))));
            return OfflineBundle.verify(envelopeJson, AuthorityAccess.read(bundle, "bundle"), roots,
                    LogCommands.noteKey(logKey), Optional.ofNullable(statusList)
                            .map(f -> AuthorityAccess.read(f, "status list")), policy, Instant.now());
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> castList(Object list) {
        return (List<String>) list;
    }

    static Map<String, Object> verdictJson(Verdict verdict) {
        return verdictJson(verdict.valid(), verdict.reasons().stream().map(VerdictReason::name).toList(),
                verdict.details(), verdict.attestationId(), verdict.verifiedSigners(), verdict.logIndex());
    }

    static Map<String, Object> verdictJson(boolean valid, List<String> reasons, List<String> details, String id,
            List<String> signers, long logIndex) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", valid);
        json.put("reasons", List.copyOf(reasons));
        json.put("attestationId", id);
        json.put("verifiedSigners", List.copyOf(signers));
        json.put("logIndex", logIndex);
        json.put("details", List.copyOf(details));
        return json;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an attestation or a key with an RFC 5280 reason; a key compromised at --effective-at"
                    + " revokes everything it signed from then on (by log time).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
        @Option(names = "--reason", defaultValue = "unspecified", paramLabel = "REASON",
                description = "RFC 5280 reason: keyCompromise, superseded, cessationOfOperation, ... or its code.")
        String reason;
        @Option(names = "--effective-at", paramLabel = "TIME", description = "Compromised at / effective from.")
        String effectiveAt;

        static final class Target {
            @Option(names = "--attestation", paramLabel = "ID", required = true)
            String attestation;
            @Option(names = "--key-id", paramLabel = "KEYID", required = true)
            String key;
        }

        @Override
        public Integer call() {
            Map<String, Object> json = new LinkedHashMap<>();
            RevocationReason parsed = RevocationReason.parse(reason);
            Optional<Instant> effective = Optional.ofNullable(effectiveAt)
                    .map(t -> AuthorityAccess.instant(t, "--effective-at"));
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    RevokeRequest.Builder request = RevokeRequest.newBuilder().setReason(parsed.rfcName());
                    if (target.attestation != null) {
                        request.setAttestationId(target.attestation);
                    } else {
                        request.setKeyId(target.key);
                    }
                    effective.ifPresent(t -> request.setEffectiveAt(ts(t)));
                    var revocation = AttestationServiceGrpc.newBlockingStub(channel).revoke(request.build());
                    json.put("seq", revocation.getSeq());
                    json.put("targetKind", revocation.getTargetKind());
                    json.put("targetId", revocation.getTargetId());
                    json.put("reason", revocation.getReason());
                    json.put("logIndex", revocation.getLogIndex());
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    RevocationRecord record = target.attestation != null
                            ? process.authority().revoke(RevocationTarget.ATTESTATION, target.attestation, parsed,
                            effective)
                            : process.authority().revoke(RevocationTarget.KEY, target.key, parsed, effective);
                    json.put("seq", record.seq());
                    json.put("targetKind", record.target().jsonName());
                    json.put("targetId", record.targetId());
                    json.put("reason", record.reason().rfcName());
                    json.put("logIndex", record.logIndex());
                }
            }
            common.console().result(json, () -> "revoked " + json.get("targetKind") + " " + json.get("targetId")
                    + " (" + json.get("reason") + "), log index " + json.get("logIndex"));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Revocation status of an attestation.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Option(names = "--attestation", required = true, paramLabel = "ID")
        String attestation;
        @Option(names = "--export-status-list", paramLabel = "FILE",
                description = "Also write the signed Bitstring Status List credential here.")
        Path statusList;

        @Override
        public Integer call() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("attestationId", attestation);
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var stub = AttestationServiceGrpc.newBlockingStub(channel);
                    var status = stub.getStatus(GetStatusRequest.newBuilder().setAttestationId(attestation).build());
                    json.put("revoked", status.getRevoked());
                    json.put("statusIndex", status.getStatusIndex());
                    json.put("logIndex", status.getLogIndex());
                    if (statusList != null) {
                        AuthorityAccess.write(statusList, stub.exportStatusList(
                                ExportStatusListRequest.getDefaultInstance()).getCredentialJson());
                        json.put("statusListFile", statusList.toString());
                    }
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    AttestationStatus status = process.authority().status(attestation);
                    json.put("revoked", status.isRevoked());
                    json.put("statusIndex", status.record().statusIndex());
                    json.put("logIndex", status.record().logIndex());
                    if (statusList != null) {
                        AuthorityAccess.write(statusList, process.authority().exportStatusList());
                        json.put("statusListFile", statusList.toString());
                    }
                }
            }
            boolean revoked = (Boolean) json.get("revoked");
            common.console().result(json, () -> attestation + (revoked ? " REVOKED" : " not revoked"));
            return ExitCode.SUCCESS.code();
        }
    }

    static NoteKey logKeyOf(Authority authority) {
        return authority.logKey();
    }
}
