package io.multisystem.attestation.log;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link HashStore} decorator that counts reads, to check the log's O(log n) read bounds. */
final class CountingHashStore implements HashStore {
    private final HashStore delegate;
    private final AtomicLong reads = new AtomicLong();

    CountingHashStore(HashStore delegate) {
        this.delegate = delegate;
    }

    long reads() {
        return reads.get();
    }

    void resetReads() {
        reads.set(0);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public byte[] hash(int level, long index) {
        reads.incrementAndGet();
        return delegate.hash(level, index);
    }

    @Override
    public void append(byte[][] hashes) {
        delegate.append(hashes);
    }
}
