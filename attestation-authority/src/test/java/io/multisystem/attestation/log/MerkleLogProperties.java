package io.multisystem.attestation.log;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proofs from {@link MerkleLog} over random trees of 1..2000 leaves verify, and flipping any single bit of a proof
 * hash or of a root makes them fail. One shared log of 2000 leaves serves every size, since a log of size n contains
 * every tree of size m <= n.
 */
class MerkleLogProperties {
    private static final int MAX_SIZE = 2000;
    private static MerkleLog log;

    @BeforeContainer
    static void fillLog() {
        log = MerkleLog.inMemory();
        for (int i = 0; i < MAX_SIZE; i++) {
            log.append(ByteBuffer.allocate(8).putLong(i * 0x9E3779B97F4A7C15L).array());
        }
    }

    record InclusionCase(long treeSize, long leafIndex) {
    }

    record ConsistencyCase(long oldSize, long newSize) {
    }

    @Provide
    Arbitrary<InclusionCase> inclusionCases() {
        return Arbitraries.longs().between(1, MAX_SIZE)
                .flatMap(size -> Arbitraries.longs().between(0, size - 1).map(i -> new InclusionCase(size, i)));
    }

    @Provide
    Arbitrary<ConsistencyCase> consistencyCases() {
        return Arbitraries.longs().between(1, MAX_SIZE)
                .flatMap(size -> Arbitraries.longs().between(1, size).map(old -> new ConsistencyCase(old, size)));
    }

    @Property(tries = 400, seed = "6962")
    void everyInclusionProofVerifies(@ForAll("inclusionCases") InclusionCase c) {
        InclusionProof proof = log.inclusionProof(c.leafIndex(), c.treeSize());

        assertThat(proof.verify(log.leafHash(c.leafIndex()), log.rootHash(c.treeSize())).isValid()).isTrue();
        assertThat(proof.length()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(c.treeSize() - 1));
    }

    @Property(tries = 150, seed = "9162")
    void everySingleBitFlipBreaksAnInclusionProof(@ForAll("inclusionCases") InclusionCase c) {
        InclusionProof proof = log.inclusionProof(c.leafIndex(), c.treeSize());
        byte[] leaf = log.leafHash(c.leafIndex());
        byte[] root = log.rootHash(c.treeSize());
        List<byte[]> hashes = proof.hashes();

        for (int h = 0; h < hashes.size(); h++) {
            for (int bit = 0; bit < 256; bit++) {
                List<byte[]> mutated = proof.hashes();
                flip(mutated.get(h), bit);
                assertThat(MerkleVerifier.verifyInclusion(c.leafIndex(), c.treeSize(), leaf, mutated, root).isValid())
                        .as("bit %d of proof hash %d", bit, h).isFalse();
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            byte[] mutatedRoot = root.clone();
            flip(mutatedRoot, bit);
            assertThat(proof.verify(leaf, mutatedRoot).isValid()).as("bit %d of the root", bit).isFalse();
            byte[] mutatedLeaf = leaf.clone();
            flip(mutatedLeaf, bit);
            assertThat(proof.verify(mutatedLeaf, root).isValid()).as("bit %d of the leaf", bit).isFalse();
        }
    }

    @Property(tries = 400, seed = "6962")
    void everyConsistencyProofVerifies(@ForAll("consistencyCases") ConsistencyCase c) {
        ConsistencyProof proof = log.consistencyProof(c.oldSize(), c.newSize());

        assertThat(proof.verify(log.rootHash(c.oldSize()), log.rootHash(c.newSize())).isValid()).isTrue();
    }

    @Property(tries = 150, seed = "9162")
    void everySingleBitFlipBreaksAConsistencyProof(@ForAll("consistencyCases") ConsistencyCase c) {
        ConsistencyProof proof = log.consistencyProof(c.oldSize(), c.newSize());
        byte[] oldRoot = log.rootHash(c.oldSize());
        byte[] newRoot = log.rootHash(c.newSize());
        List<byte[]> hashes = proof.hashes();

        for (int h = 0; h < hashes.size(); h++) {
            for (int bit = 0; bit < 256; bit++) {
                List<byte[]> mutated = proof.hashes();
                flip(mutated.get(h), bit);
                assertThat(MerkleVerifier.verifyConsistency(c.oldSize(), c.newSize(), mutated, oldRoot, newRoot)
                        .isValid()).as("bit %d of proof hash %d", bit, h).isFalse();
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            byte[] mutatedOld = oldRoot.clone();
            flip(mutatedOld, bit);
            byte[] mutatedNew = newRoot.clone();
            flip(mutatedNew, bit);
            assertThat(proof.verify(mutatedOld, newRoot).isValid()).as("bit %d of the old root", bit).isFalse();
            assertThat(proof.verify(oldRoot, mutatedNew).isValid()).as("bit %d of the new root", bit).isFalse();
        }
    }

    @Property(tries = 200, seed = "42")
    void proofsDoNotVerifyForAnotherIndex(@ForAll("inclusionCases") InclusionCase c) {
        InclusionProof proof = log.inclusionProof(c.leafIndex(), c.treeSize());
        byte[] leaf = log.leafHash(c.leafIndex());
        byte[] root = log.rootHash(c.treeSize());
        List<byte[]> hashes = proof.hashes();

        if (c.treeSize() > 1) {
            long otherIndex = (c.leafIndex() + 1) % c.treeSize();
            assertThat(MerkleVerifier.verifyInclusion(otherIndex, c.treeSize(), leaf, hashes, root).isValid())
                    .isFalse();
        }
        assertThat(MerkleVerifier.verifyInclusion(c.treeSize(), c.treeSize(), leaf, hashes, root).failure())
                .contains(ProofFailure.LEAF_INDEX_OUT_OF_RANGE);
    }

    private static void flip(byte[] bytes, int bit) {
        bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }
}
