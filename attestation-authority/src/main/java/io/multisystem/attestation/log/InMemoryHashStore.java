package io.multisystem.attestation.log;

import java.util.Arrays;

/**
 * {@link HashStore} in memory. Each level keeps its hashes packed in fixed-size pages of {@value #PAGE_HASHES} hashes,
 * so a million leaves cost two million 32-byte slots in a few thousand arrays rather than two million objects.
 * Pages are allocated when first written.
 *
 * <p>Publication: the writer fills the page slots, grows page directories (replacing the directory array, never
 * mutating a published one in a way a reader could observe half-done), and only then writes the volatile
 * {@link #size}. A reader reads {@code size} first, so every hash of that tree is visible to it (happens-before
 * through the volatile write/read pair).
 */
final class InMemoryHashStore implements HashStore {
    private static final int PAGE_SHIFT = 8;
    private static final int PAGE_HASHES = 1 << PAGE_SHIFT;
    private static final int PAGE_BYTES = PAGE_HASHES * TreeHasher.HASH_LENGTH;
    private static final int MAX_LEVELS = 64;

    /** pages[level][page] holds hashes of that level; directories are replaced, never resized in place. */
    private final byte[][][] pages = new byte[MAX_LEVELS][][];
    private volatile long size;

    InMemoryHashStore() {
        Arrays.fill(pages, new byte[0][]);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] hash(int level, long index) {
        long published = size;
        if (level < 0 || level >= MAX_LEVELS - 1 || index < 0 || index >= (published >>> level)) {
            throw new IndexOutOfBoundsException("no complete subtree at level " + level + ", index " + index
                    + " in a tree of size " + published);
        }
        byte[] page = pages[level][(int) (index >>> PAGE_SHIFT)];
        int offset = (int) (index & (PAGE_HASHES - 1)) * TreeHasher.HASH_LENGTH;
        return Arrays.copyOfRange(page, offset, offset + TreeHasher.HASH_LENGTH);
    }

    @Override
    public synchronized void append(byte[][] hashes) {
        long leaf = size;
        int expected = 1 + Long.numberOfTrailingZeros(leaf + 1);
        if (hashes == null || hashes.length != expected) {
            throw new IllegalArgumentException("appending leaf " + leaf + " takes " + expected + " hashes, got "
                    + (hashes == null ? "none" : hashes.length));
        }
        for (byte[] hash : hashes) {
            TreeHasher.requireHash(hash, "hash");
        }
        for (int level = 0; level < hashes.length; level++) {
            write(level, leaf >>> level, hashes[level]);
        }
        size = leaf + 1;
    }

    private void write(int level, long index, byte[] hash) {
        int pageNumber = (int) (index >>> PAGE_SHIFT);
        byte[][] directory = pages[level];
        if (pageNumber >= directory.length) {
            directory = Arrays.copyOf(directory, Math.max(4, directory.length * 2));
            pages[level] = directory;
        }
        if (directory[pageNumber] == null) {
            directory[pageNumber] = new byte[PAGE_BYTES];
        }
        int offset = (int) (index & (PAGE_HASHES - 1)) * TreeHasher.HASH_LENGTH;
        System.arraycopy(hash, 0, directory[pageNumber], offset, TreeHasher.HASH_LENGTH);
    }
}
