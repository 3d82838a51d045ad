package io.multisystem.attestation.cli;

import io.grpc.ManagedChannel;
import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.checkpoint.Checkpoint;
import io.multisystem.attestation.checkpoint.CheckpointVerification;
import io.multisystem.attestation.checkpoint.CheckpointVerifier;
import io.multisystem.attestation.checkpoint.NoteKey;
import io.multisystem.attestation.checkpoint.SignedNote;
import io.multisystem.attestation.log.ConsistencyProof;
import io.multisystem.attestation.log.InclusionProof;
import io.multisystem.attestation.log.MerkleVerifier;
import io.multisystem.attestation.log.ProofVerification;
import io.multisystem.attestation.log.TreeHasher;
import io.multisystem.attestation.v1.GetCheckpointRequest;
import io.multisystem.attestation.v1.GetConsistencyProofRequest;
import io.multisystem.attestation.v1.GetEntriesRequest;
import io.multisystem.attestation.v1.GetInclusionProofRequest;
import io.multisystem.attestation.v1.TransparencyLogServiceGrpc;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The transparency log verbs: checkpoint, prove, and the offline verify-inclusion / verify-consistency. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "The transparency log.",
        subcommands = {LogCommands.CheckpointCommand.class, LogCommands.Prove.class, LogCommands.VerifyInclusion.class,
                LogCommands.VerifyConsistency.class})
final class LogCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A note verifier key given inline or as a file holding it. */
    static NoteKey noteKey(String keyOrFile) {
        String text = keyOrFile;
        Path path = Path.of(keyOrFile);
        if (!keyOrFile.contains("+") || Files.isRegularFile(path)) {
            text = AuthorityAccess.read(path, "log key").strip();
        }
        return NoteKey.parse(text);
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Print the signed checkpoint (C2SP tlog-checkpoint signed note) and the log's verifier key.")
    static final class CheckpointCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the signed note here.")
        Path out;
        @Option(names = "--key-out", paramLabel = "FILE", description = "Write the log verifier key here.")
        Path keyOut;

        @Override
        public Integer call() {
            String note;
            String verifierKey;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    var checkpoint = TransparencyLogServiceGrpc.newBlockingStub(channel)
                            .getCheckpoint(GetCheckpointRequest.getDefaultInstance());
                    note = checkpoint.getSignedNote();
                    verifierKey = checkpoint.getVerifierKey();
                } finally {
                    channel.shutdownNow();
                }
            } else {
                try (AuthorityAccess.InProcess process = access.open()) {
                    note = process.authority().signedCheckpoint();
                    verifierKey = process.authority().logKey().encode();
                }
            }
            if (out != null) {
                AuthorityAccess.write(out, note);
            }
            if (keyOut != null) {
                AuthorityAccess.write(keyOut, verifierKey + "\n");
            }
            Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("origin", checkpoint.origin());
            json.put("treeSize", checkpoint.treeSize());
            json.put("rootHash", Base64.getEncoder().encodeToString(checkpoint.rootHash()));
            json.put("verifierKey", verifierKey);
            json.put("signedNote", note);
            common.console().result(json, () -> note.stripTrailing());
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "An inclusion proof (--index or --attestation) or a consistency proof (--old-size) as JSON.")
    static final class Prove implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AuthorityAccess access;
        @Option(names = "--index", paramLabel = "N", description = "Leaf index to prove.")
        Long index;
        @Option(names = "--attestation", paramLabel = "ID", description = "Attestation whose entry to prove.")
        String attestation;
        @Option(names = "--old-size", paramLabel = "N", description = "Prove consistency from this size.")
        Long oldSize;
        @Option(names = "--tree-size", defaultValue = "0", paramLabel = "N",
                description = "Tree size to prove against (default: current).")
        long treeSize;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the proof JSON here.")
        Path out;

        @Override
        public Integer call() {
            int given = (index != null ? 1 : 0) + (attestation != null ? 1 : 0) + (oldSize != null ? 1 : 0);
            if (given != 1) {
                throw new InvalidInputException(AttestationComponent.NAME, "PROOF_REQUEST_INVALID",
                        "give exactly one of --index, --attestation (inclusion) or --old-size (consistency)");
            }
            Map<String, Object> json = common.server().isPresent() ? remote() : local();
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            if (out != null) {
                AuthorityAccess.write(out, text);
            }
            common.console().result(json, () -> text);
            return ExitCode.SUCCESS.code();
        }

        private Map<String, Object> local() {
            try (AuthorityAccess.InProcess process = access.open()) {
                Authority authority = process.authority();
                if (oldSize != null) {
                    ConsistencyProof proof = authority.consistencyProof(oldSize, treeSize);
                    return consistencyJson(proof.oldSize(), proof.newSize(), proof.hashes());
                }
                long leaf = index != null ? index : authority.status(attestation).record().logIndex();
                InclusionProof proof = authority.inclusionProof(leaf, treeSize);
                byte[] data = authority.entries(leaf, 1).get(0).entry();
                return inclusionJson(proof.leafIndex(), proof.treeSize(), proof.hashes(), data);
            }
        }

        private Map<String, Object> remote() {
            ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
            try {
                var log = TransparencyLogServiceGrpc.newBlockingStub(channel);
                if (oldSize != null) {
                    var proof = log.getConsistencyProof(GetConsistencyProofRequest.newBuilder().setOldSize(oldSize)
                            .setNewSize(treeSize).build());
                    return consistencyJson(proof.getOldSize(), proof.getNewSize(),
                            proof.getHashesList().stream().map(b -> b.toByteArray()).toList());
                }
                GetInclusionProofRequest.Builder request = GetInclusionProofRequest.newBuilder().setTreeSize(treeSize);
                if (index != null) {
                    request.setLeafIndex(index);
                } else {
                    request.setAttestationId(attestation);
                }
                var proof = log.getInclusionProof(request.build());
                byte[] data = log.getEntries(GetEntriesRequest.newBuilder().setStart(proof.getLeafIndex()).setCount(1)
                        .build()).getEntries(0).getData().toByteArray();
                return inclusionJson(proof.getLeafIndex(), proof.getTreeSize(),
                        proof.getHashesList().stream().map(b -> b.toByteArray()).toList(), data);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    static Map<String, Object> inclusionJson(long leafIndex, long treeSize, List<byte[]> hashes, byte[] leafData) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("leafIndex", leafIndex);
        json.put("treeSize", treeSize);
        json.put("hashes", hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList());
        json.put("leafData", Base64.getEncoder().encodeToString(leafData));
        return json;
    }

    static Map<String, Object> consistencyJson(long oldSize, long newSize, List<byte[]> hashes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("oldSize", oldSize);
        json.put("newSize", newSize);
        json.put("hashes", hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList());
        return json;
    }

    @Command(name = "verify-inclusion", mixinStandardHelpOptions = true,
            description = "Offline: check an inclusion proof (from 'log prove') against a signed checkpoint."
                    + " Exit 1 when it does not verify.")
    static final class VerifyInclusion implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--proof", required = true, paramLabel = "FILE")
        Path proof;
        @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "Signed checkpoint note.")
        Path checkpoint;
        @Option(names = "--log-key", required = true, paramLabel = "KEY|FILE", description = "Log verifier key.")
        String logKey;

        @Override
        public Integer call() {
            JsonNode node = readJson(proof, "proof");
            Checkpoint verified = verifiedCheckpoint(checkpoint, logKey);
            List<String> problems = new ArrayList<>();
            long treeSize = node.path("treeSize").asLong(-1);
            ProofVerification result = ProofVerification.valid();
            if (treeSize != verified.treeSize()) {
                problems.add("PROOF_INVALID: the proof is for tree size " + treeSize + ", the checkpoint's is "
                        + verified.treeSize());
            } else {
                result = MerkleVerifier.verifyInclusion(node.path("leafIndex").asLong(-1), treeSize,
                        TreeHasher.hashLeaf(base64(node.path("leafData").asString(""), "leafData")),
                        hashes(node), verified.rootHash());
                if (!result.isValid()) {
                    problems.add("PROOF_INVALID: " + result.failure().orElseThrow() + ": " + result.detail());
                }
            }
            return report(common, problems, "leaf " + node.path("leafIndex").asLong() + " is in the tree of size "
                    + treeSize);
        }
    }

    @Command(name = "verify-consistency", mixinStandardHelpOptions = true,
            description = "Offline: check a consistency proof between two signed checkpoints. Exit 1 when it fails.")
    static final class VerifyConsistency implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--proof", required = true, paramLabel = "FILE")
        Path proof;
        @Option(names = "--old-checkpoint", required = true, paramLabel = "FILE")
        Path oldCheckpoint;
        @Option(names = "--new-checkpoint", required = true, paramLabel = "FILE")
        Path newCheckpoint;
        @Option(names = "--log-key", required = true, paramLabel = "KEY|FILE")
        String logKey;

        @Override
        public Integer call() {
            JsonNode node = readJson(proof, "proof");
            Checkpoint older = verifiedCheckpoint(oldCheckpoint, logKey);
            Checkpoint newer = verifiedCheckpoint(newCheckpoint, logKey);
            List<String> problems = new ArrayList<>();
            long oldSize = node.path("oldSize").asLong(-1);
            long newSize = node.path("newSize").asLong(-1);
            if (oldSize != older.treeSize() || newSize != newer.treeSize()) {
                problems.add("PROOF_INVALID: the proof is for sizes " + oldSize + " -> " + newSize
                        + ", the checkpoints are " + older.treeSize() + " -> " + newer.treeSize());
            } else {
                ProofVerification result = MerkleVerifier.verifyConsistency(oldSize, newSize, hashes(node),
                        older.rootHash(), newer.rootHash());
                if (!result.isValid()) {
                    problems.add("PROOF_INVALID: " + result.failure().orElseThrow() + ": " + result.detail());
                }
            }
            return report(common, problems, "the log of size " + newSize + " extends the one of size " + oldSize);
        }
    }

    static Checkpoint verifiedCheckpoint(Path file, String logKey) {
        NoteKey key = noteKey(logKey);
        CheckpointVerification verification = CheckpointVerifier.of(key.name(), key)
                .verify(AuthorityAccess.read(file, "checkpoint"));
        if (!verification.isVerified()) {
            throw new io.multisystem.core.error.FailedPreconditionException(AttestationComponent.NAME,
                    verification.problem().name(), "checkpoint " + file + " does not verify: "
                    + verification.detail());
        }
        return verification.checkpoint().orElseThrow();
    }

    static int report(CommonOptions common, List<String> problems, String success) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", problems.isEmpty());
        json.put("problems", problems);
        common.console().result(json, () -> problems.isEmpty() ? "VALID: " + success
                : "INVALID: " + String.join("; ", problems));
        return problems.isEmpty() ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
    }

    static JsonNode readJson(Path file, String what) {
        try {
            return JSON.readTree(AuthorityAccess.read(file, what));
        } catch (JacksonException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "PROOF_MALFORMED",
                    "the " + what + " file " + file + " is not JSON: " + e.getOriginalMessage());
        }
    }

    static List<byte[]> hashes(JsonNode node) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : node.path("hashes")) {
            hashes.add(base64(hash.asString(""), "hashes"));
        }
        return hashes;
    }

    static byte[] base64(String text, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "PROOF_MALFORMED",
                    "'" + field + "' must be base64: " + e.getMessage());
        }
    }
}
