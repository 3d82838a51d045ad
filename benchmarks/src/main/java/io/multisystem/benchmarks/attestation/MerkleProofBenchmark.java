package io.multisystem.benchmarks.attestation;

import io.multisystem.attestation.log.ConsistencyProof;
import io.multisystem.attestation.log.InclusionProof;
import io.multisystem.attestation.log.MerkleLog;
import io.multisystem.attestation.log.MerkleVerifier;
import io.multisystem.attestation.log.ProofVerification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Inclusion-proof generation from the transparency log's stored subtree hashes (O(log n) reads, no rebuild) at 10^3,
 * 10^5 and 10^6 entries, with consistency-proof generation and client-side inclusion verification for scale. Proof
 * cost should grow with log2(n) only: about 10, 17 and 20 hashes per proof.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class MerkleProofBenchmark {
    private static final int QUERIES = 1 << 12;

    @Param({"1000", "100000", "1000000"})
    public int size;

    private MerkleLog log;
    private final long[] leafIndices = new long[QUERIES];
    private final long[] oldSizes = new long[QUERIES];
    private InclusionProof[] proofs;
    private byte[][] leafHashes;
    private byte[] root;
    private int next;

    @Setup(Level.Trial)
    public void fillLog() {
        log = MerkleLog.inMemory();
        ByteBuffer entry = ByteBuffer.allocate(Long.BYTES);
        for (long i = 0; i < size; i++) {
            entry.clear();
            log.append(entry.putLong(i).array());
        }
        SplittableRandom random = new SplittableRandom(6962);
        proofs = new InclusionProof[QUERIES];
        leafHashes = new byte[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            leafIndices[q] = random.nextLong(size);
            oldSizes[q] = 1 + random.nextLong(size);
            proofs[q] = log.inclusionProof(leafIndices[q], size);
            leafHashes[q] = log.leafHash(leafIndices[q]);
        }
        root = log.rootHash();
        if (!proofs[0].verify(leafHashes[0], root).isValid()) {
            throw new IllegalStateException("benchmark setup produced an invalid proof");
        }
    }

    @Benchmark
    public InclusionProof inclusionProof() {
        int q = next++ & (QUERIES - 1);
        return log.inclusionProof(leafIndices[q], size);
    }

    @Benchmark
    public ConsistencyProof consistencyProof() {
        int q = next++ & (QUERIES - 1);
        return log.consistencyProof(oldSizes[q], size);
    }

    @Benchmark
    public ProofVerification verifyInclusion() {
        int q = next++ & (QUERIES - 1);
        InclusionProof proof = proofs[q];
        return MerkleVerifier.verifyInclusion(proof.leafIndex(), proof.treeSize(), leafHashes[q], proof.hashes(), root);
    }

    @Benchmark
    public byte[] historicRoot() {
        int q = next++ & (QUERIES - 1);
        return log.rootHash(oldSizes[q]);
    }
}
