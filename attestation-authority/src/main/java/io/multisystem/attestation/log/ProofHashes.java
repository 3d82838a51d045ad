package io.multisystem.attestation.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Copying helpers shared by the proof value types: proofs hold byte arrays but must stay immutable. */
final class ProofHashes {
    private ProofHashes() {
    }

    static List<byte[]> copyOf(List<byte[]> hashes) {
        Objects.requireNonNull(hashes, "hashes");
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            copy.add(Objects.requireNonNull(hash, "hash").clone());
        }
        return Collections.unmodifiableList(copy);
    }

    static List<byte[]> copyOut(List<byte[]> hashes) {
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            copy.add(hash.clone());
        }
        return copy;
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> hashes) {
        int h = 1;
        for (byte[] hash : hashes) {
            h = 31 * h + Arrays.hashCode(hash);
        }
        return h;
    }
}
