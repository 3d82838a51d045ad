package io.multisystem.attestation.log;

import io.multisystem.core.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every inclusion and consistency case of transparency-dev/merkle's test data (shared/data/merkle): happy paths
 * verify, every mutation ({@code wantErr: true}) is rejected.
 */
class TransparencyDevVectorsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Case(Path file, JsonNode json) {
        boolean wantErr() {
            return json.get("wantErr").asBoolean();
        }

        String name() {
            return SharedData.root().relativize(file) + " (" + json.path("desc").asString() + ")";
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInclusionCaseVerifiesOrIsRejectedAsTheDataSays() throws IOException {
        return cases("merkle/inclusion").stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertThat(verifyInclusion(c.json()).isValid()).as(c.name()).isEqualTo(!c.wantErr())));
    }

    @TestFactory
    Stream<DynamicTest> everyConsistencyCaseVerifiesOrIsRejectedAsTheDataSays() throws IOException {
        return cases("merkle/consistency").stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertThat(verifyConsistency(c.json()).isValid()).as(c.name()).isEqualTo(!c.wantErr())));
    }

    @Test
    void theWholeCorpusIsCheckedAndAgreesWithItsExpectations() throws IOException {
        List<Case> inclusion = cases("merkle/inclusion");
        List<Case> consistency = cases("merkle/consistency");
        int inclusionAgreeing = 0;
        int consistencyAgreeing = 0;
        for (Case c : inclusion) {
            inclusionAgreeing += verifyInclusion(c.json()).isValid() != c.wantErr() ? 1 : 0;
        }
        for (Case c : consistency) {
            consistencyAgreeing += verifyConsistency(c.json()).isValid() != c.wantErr() ? 1 : 0;
        }

        assertThat(inclusion).hasSize(98);
        assertThat(inclusion.stream().filter(c -> !c.wantErr())).hasSize(6);
        assertThat(inclusionAgreeing).isEqualTo(98);
        assertThat(consistency).hasSize(98);
        assertThat(consistency.stream().filter(c -> !c.wantErr())).hasSize(6);
        assertThat(consistencyAgreeing).isEqualTo(98);
    }

    @Test
    void mutatedProofsAreRejectedForTheReasonTheMutationImplies() throws IOException {
        Case truncated = only("merkle/consistency/1/truncated-proof.json");
        Case sizeUp = only("merkle/inclusion/1/treeSize-mul-@2.json");
        Case wrongLeaf = only("merkle/inclusion/1/wrong-leaf.json");
        Case randomRoot = only("merkle/inclusion/1/random-root.json");
        Case underflow = only("merkle/inclusion/0/leafIdx-sub-@1.json");
        Case swapped = only("merkle/consistency/additional/size1-is-greater-than-size2.json");

        assertThat(verifyConsistency(truncated.json()).failure()).contains(ProofFailure.PROOF_TOO_SHORT);
        assertThat(verifyInclusion(sizeUp.json()).failure()).contains(ProofFailure.PROOF_TOO_SHORT);
        assertThat(verifyInclusion(wrongLeaf.json()).failure()).contains(ProofFailure.MALFORMED_HASH);
        assertThat(verifyInclusion(randomRoot.json()).failure()).contains(ProofFailure.ROOT_MISMATCH);
        assertThat(verifyInclusion(underflow.json()).failure()).contains(ProofFailure.LEAF_INDEX_OUT_OF_RANGE);
        assertThat(verifyConsistency(swapped.json()).failure()).contains(ProofFailure.OLD_SIZE_EXCEEDS_NEW);
    }

    private static ProofVerification verifyInclusion(JsonNode c) {
        return MerkleVerifier.verifyInclusion(uint64(c.get("leafIdx")), uint64(c.get("treeSize")),
                bytes(c.get("leafHash")), hashes(c.get("proof")), bytes(c.get("root")));
    }

    private static ProofVerification verifyConsistency(JsonNode c) {
        return MerkleVerifier.verifyConsistency(uint64(c.get("size1")), uint64(c.get("size2")),
                hashes(c.get("proof")), bytes(c.get("root1")), bytes(c.get("root2")));
    }

    /**
     * The data holds Go uint64 values; the Java API takes signed sizes, so a value beyond {@code Long.MAX_VALUE}
     * (e.g. {@code 0 - 1} wrapped to 2^64 - 1) arrives as the negative long with the same bits, which must be rejected.
     */
    private static long uint64(JsonNode node) {
        return node.bigIntegerValue().longValue();
    }

    private static byte[] bytes(JsonNode node) {
        return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asString());
    }

    private static List<byte[]> hashes(JsonNode node) {
        List<byte[]> out = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(element -> out.add(bytes(element)));
        }
        return out;
    }

    private static Case only(String relative) {
        Path file = SharedData.resolve(relative);
        return new Case(file, JSON.readTree(file.toFile()));
    }

    private static List<Case> cases(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(SharedData.resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .map(p -> new Case(p, JSON.readTree(p.toFile()))).toList();
        }
    }
}
