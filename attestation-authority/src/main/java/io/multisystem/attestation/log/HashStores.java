package io.multisystem.attestation.log;

/** Factory of {@link HashStore} implementations. */
public final class HashStores {
    private HashStores() {
    }

    /**
     * An empty hash store held in memory (about 64 bytes per leaf: the leaf hash plus, amortised, one interior hash).
     * Lock-free reads, thread-safe for one writer and many readers, as the {@link HashStore} contract asks.
     */
    public static HashStore inMemory() {
        return new InMemoryHashStore();
    }
}
