package io.multisystem.ledger.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.raft.ClusterStatus;
import io.multisystem.ledger.raft.Peer;
import io.multisystem.ledger.v1.ClusterStatusResponse;
import io.multisystem.ledger.v1.ProveDecisionResponse;
import io.multisystem.ledger.state.LedgerState;

import java.time.Instant;

/** Domain values to and from the ledger.v1 messages. */
public final class Protos {
    private Protos() {
    }

    public static Timestamp ts(long millis) {
        Instant i = Instant.ofEpochMilli(millis);
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static io.multisystem.ledger.v1.Decision decision(Decision d) {
        return io.multisystem.ledger.v1.Decision.newBuilder()
                .setId(d.id()).setType(d.type()).setScope(d.scope().crowdsecName()).setValue(d.value())
                .setOrigin(d.origin()).setScenario(d.scenario()).setAppliesTo(d.appliesTo())
                .setCreatedAt(ts(d.createdAt())).setExpiresAt(ts(d.expiresAt())).addAllEvidence(d.evidence())
                .setVersion(d.version()).setHeight(d.height()).build();
    }

    public static ClusterStatusResponse status(ClusterStatus s, String publicKey) {
        ClusterStatusResponse.Builder b = ClusterStatusResponse.newBuilder()
                .setNodeId(s.nodeId()).setRole(s.role()).setLeaderId(s.leaderId()).setLeaderAddress(s.leaderAddress())
                .setTerm(s.term()).setAppliedIndex(s.appliedIndex()).setHeight(s.height()).setHeadHash(s.headHash())
                .setVersion(s.version()).setPublicKey(publicKey);
        for (Peer p : s.peers()) {
            b.addPeers(io.multisystem.ledger.v1.Peer.newBuilder().setId(p.id()).setRaftAddress(p.raftAddress())
                    .setApiAddress(p.apiAddress()));
        }
        return b.build();
    }

    public static ProveDecisionResponse proof(LedgerState.Proof p) {
        ProveDecisionResponse.Builder b = ProveDecisionResponse.newBuilder()
                .setDecision(decision(p.decision())).setHeight(p.height()).setLeafIndex(p.leafIndex())
                .setTreeSize(p.treeSize()).setEntry(ByteString.copyFrom(p.entry()))
                .setLeafHash(ByteString.copyFrom(p.leafHash())).setMerkleRoot(ByteString.copyFrom(p.merkleRoot()))
                .setBlockHash(ByteString.copyFrom(p.blockHash())).setPublicKey(ByteString.copyFrom(p.publicKey()))
                .setSignature(ByteString.copyFrom(p.signature())).setValid(p.valid());
        p.path().forEach(x -> b.addPath(ByteString.copyFrom(x)));
        return b.build();
    }
}
