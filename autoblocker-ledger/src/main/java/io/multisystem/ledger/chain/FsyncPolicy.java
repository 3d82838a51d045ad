package io.multisystem.ledger.chain;

/** When the block store forces appended blocks to disk. */
public enum FsyncPolicy {
    /** After every block (durable against power loss; slowest). */
    ALWAYS,
    /** At most once per {@code fsyncInterval} (a crash may lose the last interval; Raft re-replicates it). */
    INTERVAL,
    /** Never explicitly (the OS decides; fastest; for tests and benchmarks). */
    NEVER
}
