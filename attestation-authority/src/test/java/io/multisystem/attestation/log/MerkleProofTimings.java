package io.multisystem.attestation.log;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Prints rough inclusion-proof generation timings at 10^3, 10^5 and 10^6 entries (a quick look without JMH; the
 * measured figures come from benchmarks' MerkleProofBenchmark). Not a test: run its main with the test classpath.
 */
public final class MerkleProofTimings {
    private static final int QUERIES = 200_000;

    private MerkleProofTimings() {
    }

    public static void main(String[] args) {
        for (int size : new int[] {1_000, 100_000, 1_000_000}) {
            long fillStart = System.nanoTime();
            CountingHashStore store = new CountingHashStore(HashStores.inMemory());
            MerkleLog log = MerkleLog.open(store);
            ByteBuffer entry = ByteBuffer.allocate(Long.BYTES);
            for (long i = 0; i < size; i++) {
                entry.clear();
                log.append(entry.putLong(i).array());
            }
            double fillMs = (System.nanoTime() - fillStart) / 1e6;
            SplittableRandom random = new SplittableRandom(6962);
            long sink = 0;
            for (int round = 0; round < 3; round++) {
                for (int q = 0; q < QUERIES; q++) {
                    sink += log.inclusionProof(random.nextLong(size), size).length();
                }
            }
            store.resetReads();
            long start = System.nanoTime();
            for (int q = 0; q < QUERIES; q++) {
                sink += log.inclusionProof(random.nextLong(size), size).length();
            }
            double inclusionUs = (System.nanoTime() - start) / 1e3 / QUERIES;
            double readsPerProof = (double) store.reads() / QUERIES;
            start = System.nanoTime();
            for (int q = 0; q < QUERIES; q++) {
                sink += log.consistencyProof(1 + random.nextLong(size), size).length();
            }
            double consistencyUs = (System.nanoTime() - start) / 1e3 / QUERIES;
            System.out.printf("n=%,d fill=%.0f ms (%.2f us/append) inclusion=%.2f us/proof (%.1f reads) "
                    + "consistency=%.2f us/proof [%d]%n", size, fillMs, fillMs * 1e3 / size, inclusionUs,
                    readsPerProof, consistencyUs, sink % 10);
        }
    }
}
