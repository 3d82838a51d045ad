package io.multisystem.ledger.raft;

import java.util.List;

/** What a node knows about the cluster. */
public record ClusterStatus(String nodeId, String role, String leaderId, String leaderAddress, long term,
                            long appliedIndex, long height, String headHash, long version, List<Peer> peers) {
}
