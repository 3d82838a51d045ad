package io.multisystem.ledger.chain;

import io.multisystem.core.crypto.Hashes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Verifies a chain of blocks: heights run 1, 2, 3 ...; each block's {@code prevHash} is the previous block's hash
 * (the first one's is 32 zero bytes); every Merkle root matches its entries; every signature verifies under the
 * key in the block, and, when a set of trusted keys is given, that key is one of them.
 */
public final class ChainVerifier {
    /** The outcome: blocks checked, entries, head hash and every problem found. */
    public record Report(long blocks, long entries, String headHash, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private ChainVerifier() {
    }

    public static Report verify(List<Block> blocks, Set<String> trustedKeysHex) {
        List<String> problems = new ArrayList<>();
        byte[] prev = Block.GENESIS_PREV;
        long entries = 0;
        long expected = 1;
        for (Block b : blocks) {
            if (b.height() != expected) {
                problems.add("block at position " + expected + " has height " + b.height());
            }
            if (!Arrays.equals(b.prevHash(), prev)) {
                problems.add("block " + b.height() + ": previous hash does not match block " + (b.height() - 1));
            }
            problems.addAll(b.selfCheck());
            if (trustedKeysHex != null && !trustedKeysHex.isEmpty()
                    && !trustedKeysHex.contains(Hashes.toHex(b.publicKey()))) {
                problems.add("block " + b.height() + ": signed by an untrusted key " + Hashes.toHex(b.publicKey()));
            }
            prev = b.hash();
            entries += b.entries().size();
            expected++;
        }
        return new Report(blocks.size(), entries, Hashes.toHex(prev), List.copyOf(problems));
    }
}
