package io.multisystem.ledger.raft;

import io.multisystem.ledger.chain.FsyncPolicy;
import io.multisystem.ledger.state.Policy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How one ledger node runs.
 *
 * @param nodeId            this node's id (one of {@code peers})
 * @param peers             every member, this node included (1, 3 or 5 for a useful quorum)
 * @param dataDir           Raft log, snapshots, blocks and the node key live here
 * @param policy            cross-domain policy (must be the same on every node)
 * @param clock             block times come from the leader's clock
 * @param fsync             block store fsync policy
 * @param fsyncInterval     for {@link FsyncPolicy#INTERVAL}
 * @param segmentBytes      block store segment size
 * @param snapshotThreshold take a snapshot (and let Raft purge its log) every this many log entries
 * @param maxBatch          most entries per block
 * @param electionTimeout   Raft's minimum election timeout (the maximum is twice it)
 */
public record NodeConfig(String nodeId, List<Peer> peers, Path dataDir, Policy policy, Clock clock, FsyncPolicy fsync,
                         Duration fsyncInterval, long segmentBytes, long snapshotThreshold, int maxBatch,
                         Duration electionTimeout) {
    public static NodeConfig single(String nodeId, String raftAddress, Path dataDir, Policy policy, Clock clock) {
        return new NodeConfig(nodeId, List.of(new Peer(nodeId, raftAddress, "")), dataDir, policy, clock,
                FsyncPolicy.INTERVAL, Duration.ofMillis(100), 64L << 20, 10_000, 1000, Duration.ofMillis(500));
    }

    public NodeConfig withPeers(List<Peer> p) {
        return new NodeConfig(nodeId, p, dataDir, policy, clock, fsync, fsyncInterval, segmentBytes, snapshotThreshold,
                maxBatch, electionTimeout);
    }

    public NodeConfig withSnapshotThreshold(long t) {
        return new NodeConfig(nodeId, peers, dataDir, policy, clock, fsync, fsyncInterval, segmentBytes, t, maxBatch,
                electionTimeout);
    }

    public NodeConfig withFsync(FsyncPolicy f) {
        return new NodeConfig(nodeId, peers, dataDir, policy, clock, f, fsyncInterval, segmentBytes, snapshotThreshold,
                maxBatch, electionTimeout);
    }

    public NodeConfig withElectionTimeout(Duration d) {
        return new NodeConfig(nodeId, peers, dataDir, policy, clock, fsync, fsyncInterval, segmentBytes,
                snapshotThreshold, maxBatch, d);
    }
}
