package io.multisystem.ledger.chain;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BlockStoreTest {
    @TempDir
    Path dir;

    static List<Block> chain(int n) {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        List<Block> out = new ArrayList<>();
        byte[] prev = Block.GENESIS_PREV;
        for (int i = 1; i <= n; i++) {
            Block b = Block.sign(i, prev, 1000L * i, "n1", key, List.of(("e" + i).getBytes(), ("f" + i).getBytes()));
            out.add(b);
            prev = b.hash();
        }
        return out;
    }

    @Test
    void blocksSurviveReopenAcrossSegmentsAndTheChainVerifies() {
        List<Block> blocks = chain(20);
        try (BlockStore s = BlockStore.open(dir, 600, FsyncPolicy.ALWAYS, Duration.ZERO, Clock.systemUTC())) {
            blocks.forEach(s::append);
        }
        try (BlockStore s = BlockStore.open(dir, 600, FsyncPolicy.ALWAYS, Duration.ZERO, Clock.systemUTC())) {
            assertThat(s.recovered()).hasSize(20);
            assertThat(s.truncatedBytes()).isZero();
            assertThat(ChainVerifier.verify(s.recovered(), Set.of()).ok()).isTrue();
        }
    }

    @Test
    void aTornTailIsTruncatedAtTheLastGoodRecord() throws IOException {
        try (BlockStore s = BlockStore.open(dir, 1 << 20, FsyncPolicy.NEVER, Duration.ZERO, Clock.systemUTC())) {
            chain(5).forEach(s::append);
        }
        Path seg;
        try (Stream<Path> files = Files.list(dir)) {
            seg = files.findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{1, 2, 3}), ch.size() - 10);
        }
        try (BlockStore s = BlockStore.open(dir, 1 << 20, FsyncPolicy.NEVER, Duration.ZERO, Clock.systemUTC())) {
            assertThat(s.recovered()).hasSize(4);
            assertThat(s.truncatedBytes()).isPositive();
        }
    }

    @Test
    void verificationNamesATamperedEntryAndABrokenLink() {
        List<Block> blocks = new ArrayList<>(chain(3));
        Block b = blocks.get(1);
        blocks.set(1, new Block(b.height(), b.prevHash(), b.merkleRoot(), b.timeMillis(), b.proposer(), b.publicKey(),
                b.signature(), List.of("tampered".getBytes(), b.entries().get(1)), 0, 0));
        ChainVerifier.Report r = ChainVerifier.verify(blocks, Set.of());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).anyMatch(p -> p.contains("block 2: Merkle root"));
        assertThat(ChainVerifier.verify(List.of(blocks.get(0), blocks.get(2)), Set.of()).problems())
                .anyMatch(p -> p.contains("previous hash"));
    }
}
