package io.multisystem.ledger.chain;

import io.multisystem.core.testing.SharedData;
import org.junit.jupiter.api.Test;
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

class MerkleTreeTest {
    @Test
    void inclusionProofVerificationAgreesWithTransparencyDevVectors() throws IOException {
        Path dir = SharedData.resolve("merkle/inclusion");
        JsonMapper json = JsonMapper.builder().build();
        int checked = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode v = json.readTree(Files.readString(f));
                List<byte[]> proof = new ArrayList<>();
                v.path("proof").forEach(p -> proof.add(p.isNull() ? null : Base64.getDecoder().decode(p.asString())));
                byte[] leaf = v.path("leafHash").isNull() ? null : Base64.getDecoder().decode(v.path("leafHash").asString());
                byte[] root = v.path("root").isNull() ? null : Base64.getDecoder().decode(v.path("root").asString());
                boolean ok = MerkleTree.verifyInclusion(u64(v.path("leafIdx")), u64(v.path("treeSize")), leaf,
                        proof, root);
                assertThat(ok).as(f.toString()).isEqualTo(!v.path("wantErr").asBoolean());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    /** Vectors use uint64; values beyond Long.MAX_VALUE wrap negative and are refused, as out of range. */
    static long u64(JsonNode n) {
        return new java.math.BigInteger(n.asString()).longValue();
    }

    @Test
    void proofsGeneratedForEveryLeafOfEveryTreeSizeVerify() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                leaves.add(MerkleTree.leafHash(("entry " + i).getBytes()));
            }
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                assertThat(MerkleTree.verifyInclusion(i, n, leaves.get(i), MerkleTree.inclusionProof(leaves, i), root))
                        .isTrue();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion((i + 1) % n, n, leaves.get(i),
                            MerkleTree.inclusionProof(leaves, i), root)).isFalse();
                }
            }
        }
    }
}
