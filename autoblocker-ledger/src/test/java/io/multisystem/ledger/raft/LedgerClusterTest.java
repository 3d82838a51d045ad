package io.multisystem.ledger.raft;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.ledger.state.LedgerEntry;
import io.multisystem.ledger.state.LedgerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three real Ratis nodes over loopback. */
class LedgerClusterTest {
    @TempDir
    Path dir;

    @Test
    void leaderFailoverLosesAndDuplicatesNothingAndAllLedgersAgreeAfterRestartFromDisk() throws IOException {
        try (TestCluster cluster = new TestCluster(dir, 3, 40)) {
            LedgerNode leader = cluster.leader();
            List<LedgerEntry> first = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                first.add(TestCluster.ban("e" + i, "192.0.2." + i, "web"));
            }
            List<LedgerState.EntryOutcome> acked = leader.submitAndWait(first, 10_000);
            assertThat(acked).allMatch(o -> o.status().equals("created"));

            LedgerNode follower = Arrays.stream(cluster.nodes).filter(n -> n != leader).findFirst().orElseThrow();
            assertThatThrownBy(() -> follower.submit(List.of(TestCluster.ban("x", "198.51.100.1", "web"))))
                    .isInstanceOf(FailedPreconditionException.class)
                    .hasMessageContaining("the leader is " + leader.nodeId());

            int old = cluster.leaderIndex();
            cluster.kill(old);
            LedgerNode next = cluster.leader();
            assertThat(next.nodeId()).isNotEqualTo(leader.nodeId());
            // a client retries some acknowledged entries on the new leader: they are not applied twice
            List<LedgerEntry> second = new ArrayList<>(first.subList(0, 10));
            for (int i = 50; i < 100; i++) {
                second.add(TestCluster.ban("e" + i, "192.0.2." + i, "web"));
            }
            List<LedgerState.EntryOutcome> acked2 = next.submitAndWait(second, 10_000);
            assertThat(acked2.subList(0, 10)).allMatch(o -> o.status().equals("duplicate"));
            assertThat(acked2.subList(10, 60)).allMatch(o -> o.status().equals("created"));

            // the killed node restarts from its own disk and catches up
            cluster.restart(old);
            TestCluster.await(() -> sameHead(cluster), 15_000, "all ledgers have the same head");
            for (LedgerNode n : cluster.nodes) {
                n.readBarrier();
                assertThat(n.state().verify(Set.of()).ok()).isTrue();
                assertThat(n.state().active(System.currentTimeMillis(), "web")).hasSize(100);
                Set<String> values = new HashSet<>();
                n.state().active(System.currentTimeMillis(), "web").forEach(d -> values.add(d.value()));
                assertThat(values).hasSize(100);
            }
        }
    }

    @Test
    void aCorruptSegmentTailIsTruncatedAndTheNodeCatchesUp() throws IOException {
        try (TestCluster cluster = new TestCluster(dir, 3, 1_000_000)) {
            LedgerNode leader = cluster.leader();
            for (int b = 0; b < 5; b++) {
                leader.submitAndWait(List.of(TestCluster.ban("c" + b, "203.0.113." + b, "ssh")), 10_000);
            }
            int victim = (cluster.leaderIndex() + 1) % 3;
            TestCluster.await(() -> cluster.nodes[victim].state().height() == 5, 10_000, "follower has 5 blocks");
            cluster.kill(victim);
            Path segment;
            try (Stream<Path> s = Files.list(dir.resolve("n" + (victim + 1)).resolve("blocks"))) {
                segment = s.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow();
            }
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 7);
            }
            cluster.restart(victim);
            assertThat(cluster.nodes[victim].truncatedBytesAtStart()).isPositive();
            cluster.leader().submitAndWait(List.of(TestCluster.ban("c9", "203.0.113.9", "ssh")), 10_000);
            TestCluster.await(() -> sameHead(cluster), 15_000, "the repaired node catches up");
            assertThat(cluster.nodes[victim].state().verify(Set.of()).ok()).isTrue();
            assertThat(cluster.nodes[victim].state().height()).isEqualTo(6);
        }
    }

    @Test
    void aLaggingFollowerCatchesUpBySnapshot() {
        try (TestCluster cluster = new TestCluster(dir, 3, 5)) {
            LedgerNode leader = cluster.leader();
            int lagging = (cluster.leaderIndex() + 1) % 3;
            cluster.kill(lagging);
            for (int b = 0; b < 30; b++) {
                cluster.leader().submitAndWait(List.of(TestCluster.ban("s" + b, "198.51.100." + b, "mail")), 10_000);
            }
            cluster.restart(lagging);
            TestCluster.await(() -> sameHead(cluster), 20_000, "the lagging follower catches up");
            assertThat(cluster.nodes[lagging].state().height()).isEqualTo(30);
            assertThat(cluster.nodes[lagging].state().verify(Set.of()).ok()).isTrue();
            assertThat(leader).isNotNull();
        }
    }

    @Test
    void restartingEveryNodeKeepsEveryCommittedEntryAndTheSignaturesStillVerify() {
        try (TestCluster cluster = new TestCluster(dir, 3, 25)) {
            for (int b = 0; b < 12; b++) {
                List<LedgerEntry> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(TestCluster.ban("r" + b + "-" + i, "198.18." + b + "." + i, "edge"));
                }
                assertThat(cluster.leader().submitAndWait(batch, 10_000)).allMatch(o -> o.status().equals("created"));
            }
            TestCluster.await(() -> sameHead(cluster), 15_000, "all nodes applied the 12 blocks");
            byte[] head = cluster.nodes[0].state().headHash();
            long height = cluster.nodes[0].state().height();
            Set<String> keys = new HashSet<>();
            for (LedgerNode n : cluster.nodes) {
                keys.add(n.publicKeyHex());
            }
            for (int i = 0; i < 3; i++) {
                cluster.kill(i);
            }

            for (int i = 0; i < 3; i++) {
                cluster.restart(i);
            }
            for (LedgerNode n : cluster.nodes) {
                // rebuilt from the node's own block files and snapshot before any leader exists
                assertThat(n.state().height()).isEqualTo(height);
                assertThat(n.state().headHash()).isEqualTo(head);
                assertThat(n.state().verify(keys).ok()).isTrue();
            }
            LedgerNode leader = cluster.leader();
            assertThat(leader.submitAndWait(List.of(TestCluster.ban("r0-0", "198.18.0.0", "edge")), 10_000).get(0).status())
                    .as("entry ids survive the restart").isEqualTo("duplicate");
            assertThat(leader.submitAndWait(List.of(TestCluster.ban("after", "198.18.99.1", "edge")), 10_000).get(0)
                    .status()).isEqualTo("created");
            TestCluster.await(() -> sameHead(cluster), 15_000, "all nodes agree after the restart");
            for (LedgerNode n : cluster.nodes) {
                n.readBarrier();
                assertThat(n.state().height()).isEqualTo(height + 1);
                assertThat(n.state().verify(keys).ok()).isTrue();
                assertThat(n.state().active(System.currentTimeMillis(), "edge")).hasSize(61);
            }
        }
    }

    static boolean sameHead(TestCluster cluster) {
        byte[] head = null;
        long height = -1;
        for (LedgerNode n : cluster.nodes) {
            if (n == null) {
                return false;
            }
            if (head == null) {
                head = n.state().headHash();
                height = n.state().height();
            } else if (!Arrays.equals(head, n.state().headHash()) || height != n.state().height()) {
                return false;
            }
        }
        return true;
    }
}
