package io.multisystem.ledger.raft;

import io.multisystem.core.testing.FreePorts;
import io.multisystem.ledger.chain.FsyncPolicy;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.Scope;
import io.multisystem.ledger.state.LedgerEntry;
import io.multisystem.ledger.state.Policy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Several ledger nodes on loopback with real Netty networking, for tests. */
final class TestCluster implements AutoCloseable {
    final List<NodeConfig> configs = new ArrayList<>();
    final LedgerNode[] nodes;

    TestCluster(Path dir, int size, long snapshotThreshold) {
        int[] ports = FreePorts.next(size);
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peers.add(new Peer("n" + (i + 1), "127.0.0.1:" + ports[i], ""));
        }
        nodes = new LedgerNode[size];
        for (int i = 0; i < size; i++) {
            NodeConfig c = NodeConfig.single("n" + (i + 1), peers.get(i).raftAddress(), dir.resolve("n" + (i + 1)),
                            Policy.defaults(), Clock.systemUTC())
                    .withPeers(peers).withSnapshotThreshold(snapshotThreshold).withFsync(FsyncPolicy.NEVER)
                    .withElectionTimeout(Duration.ofMillis(300));
            configs.add(c);
        }
        for (int i = 0; i < size; i++) {
            nodes[i] = LedgerNode.start(configs.get(i));
        }
    }

    LedgerNode leader() {
        await(() -> leaderIndex() >= 0, 15_000, "a leader is elected");
        return nodes[leaderIndex()];
    }

    int leaderIndex() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null && nodes[i].isLeader()) {
                return i;
            }
        }
        return -1;
    }

    void kill(int i) {
        nodes[i].close();
        nodes[i] = null;
    }

    void restart(int i) {
        nodes[i] = LedgerNode.start(configs.get(i));
    }

    static void await(BooleanSupplier condition, long millis, String what) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static LedgerEntry ban(String entryId, String ip, String domain) {
        return LedgerEntry.report(entryId, new DecisionRequest("ban", Scope.IP, ip, 3_600_000, domain, "test", List.of(), "")
                .validated());
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                nodes[i].close();
                nodes[i] = null;
            }
        }
    }
}
