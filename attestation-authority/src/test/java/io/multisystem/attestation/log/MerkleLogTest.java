package io.multisystem.attestation.log;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleLogTest {
    private static final int MAX_NAIVE_SIZE = 300;

    private static byte[] entry(int i) {
        return ("entry-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyLogHasTheHashOfTheEmptyString() {
        MerkleLog log = MerkleLog.inMemory();

        assertThat(log.rootHash()).isEqualTo(TreeHasher.emptyRoot());
        assertThat(log.rootHash(0)).isEqualTo(TreeHasher.emptyRoot());
        assertThat(TreeHasher.emptyRoot()).asHexString()
                .isEqualToIgnoringCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rootsOfEverySizeUpTo300EqualTheRecursiveRfc6962Definition() {
        MerkleLog log = MerkleLog.inMemory();
        List<byte[]> leaves = new ArrayList<>();
        for (int n = 0; n <= MAX_NAIVE_SIZE; n++) {
            byte[] expected = NaiveTree.root(leaves);
            assertThat(log.rootHash()).as("current root at size %d", n).isEqualTo(expected);
            assertThat(log.rootHash(n)).as("stored root at size %d", n).isEqualTo(expected);
            log.append(entry(n));
            leaves.add(TreeHasher.hashLeaf(entry(n)));
        }
        for (int m = 0; m <= MAX_NAIVE_SIZE; m++) {
            assertThat(log.rootHash(m)).as("historic root of size %d", m)
                    .isEqualTo(NaiveTree.root(leaves.subList(0, m)));
        }
    }

    @Test
    void proofsEqualTheRfcDefinitionsOfPathAndSubproofForSmallTrees() {
        MerkleLog log = MerkleLog.inMemory();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            log.append(entry(i));
            leaves.add(TreeHasher.hashLeaf(entry(i)));
        }
        for (int n = 1; n <= 40; n++) {
            for (int m = 0; m < n; m++) {
                assertThat(log.inclusionProof(m, n))
                        .isEqualTo(new InclusionProof(m, n, NaiveTree.path(leaves, m, 0, n)));
            }
            for (int m = 1; m <= n; m++) {
                assertThat(log.consistencyProof(m, n))
                        .isEqualTo(new ConsistencyProof(m, n, NaiveTree.consistency(leaves, m, n)));
            }
        }
    }

    @Test
    void knownRootOfTheRfc6962ReferenceTreeOfEightLeaves() {
        // The eight leaves of transparency-dev/merkle's reference tree, whose root its test data also uses.
        String[] leafHex = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
        MerkleLog log = MerkleLog.inMemory();
        for (String hex : leafHex) {
            log.append(HexFormat.of().parseHex(hex));
        }

        assertThat(log.rootHash()).asHexString()
                .isEqualToIgnoringCase("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }

    @Test
    void inclusionProofGenerationReadsLogarithmicallyManyStoredHashes() {
        CountingHashStore store = new CountingHashStore(HashStores.inMemory());
        MerkleLog log = MerkleLog.open(store);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            log.appendLeafHash(TreeHasher.hashLeaf(entry(i)));
        }
        long bound = 2L * ceilLog2(n) + 1;
        long worst = 0;
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            long size = trial % 2 == 0 ? n : 1 + random.nextInt(n);
            long index = random.nextInt((int) size);
            store.resetReads();
            log.inclusionProof(index, size);
            worst = Math.max(worst, store.reads());
            long oldSize = 1 + random.nextInt((int) size);
            store.resetReads();
            log.consistencyProof(oldSize, size);
            worst = Math.max(worst, store.reads());
            store.resetReads();
            log.rootHash(size);
            worst = Math.max(worst, store.reads());
        }

        assertThat(worst).as("worst-case reads for one proof at n = %d", n).isLessThanOrEqualTo(bound);
        assertThat(bound).isEqualTo(35);
    }

    @Test
    void appendsReadNothingFromTheStore() {
        CountingHashStore store = new CountingHashStore(HashStores.inMemory());
        MerkleLog log = MerkleLog.open(store);
        for (int i = 0; i < 1000; i++) {
            log.append(entry(i));
        }
        log.rootHash();

        assertThat(store.reads()).isZero();
    }

    @Test
    void reopeningAStoreRestoresTheSameLog() {
        HashStore store = HashStores.inMemory();
        MerkleLog first = MerkleLog.open(store);
        for (int i = 0; i < 77; i++) {
            first.append(entry(i));
        }
        MerkleLog reopened = MerkleLog.open(store);
        reopened.append(entry(77));

        MerkleLog fresh = MerkleLog.inMemory();
        for (int i = 0; i <= 77; i++) {
            fresh.append(entry(i));
        }
        assertThat(reopened.size()).isEqualTo(78);
        assertThat(reopened.rootHash()).isEqualTo(fresh.rootHash());
    }

    @Test
    void leafHashIsTheDomainSeparatedHashOfTheEntry() {
        MerkleLog log = MerkleLog.inMemory();
        long index = log.append(entry(0));

        assertThat(index).isZero();
        assertThat(log.leafHash(0)).isEqualTo(TreeHasher.hashLeaf(entry(0)));
        assertThat(log.leafHash(0)).isNotEqualTo(Hashes.sha256(entry(0)));
    }

    @Test
    void proofsForTreesBeyondTheLogAreRejectedWithAnExplanation() {
        MerkleLog log = MerkleLog.inMemory();
        log.append(entry(0));
        log.append(entry(1));

        assertThatThrownBy(() -> log.inclusionProof(0, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("current size 2")
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("TREE_SIZE_OUT_OF_RANGE");
        assertThatThrownBy(() -> log.inclusionProof(2, 2)).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("LEAF_INDEX_OUT_OF_RANGE");
        assertThatThrownBy(() -> log.consistencyProof(0, 2)).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("TREE_SIZE_OUT_OF_RANGE");
        assertThatThrownBy(() -> log.consistencyProof(2, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> log.leafHash(2)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformedLeafHashIsRejectedAndLeavesTheLogUnchanged() {
        MerkleLog log = MerkleLog.inMemory();
        log.append(entry(0));
        byte[] root = log.rootHash();

        assertThatThrownBy(() -> log.appendLeafHash(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32-byte");
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.rootHash()).isEqualTo(root);
    }

    @Test
    void storeRefusesAppendsWithTheWrongNumberOfSubtreeHashes() {
        HashStore store = HashStores.inMemory();
        store.append(new byte[][] {new byte[32]});

        assertThatThrownBy(() -> store.append(new byte[][] {new byte[32]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 2 hashes");
        assertThatThrownBy(() -> store.hash(1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static int ceilLog2(long n) {
        return 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
