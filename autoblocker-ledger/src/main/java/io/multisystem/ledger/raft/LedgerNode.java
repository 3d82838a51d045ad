package io.multisystem.ledger.raft;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.crypto.Pem;
import io.multisystem.core.crypto.SecretFiles;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.ledger.chain.Block;
import io.multisystem.ledger.chain.BlockStore;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.state.LedgerEntry;
import io.multisystem.ledger.state.LedgerState;
import io.multisystem.ledger.state.ResultCodec;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One member of the ledger cluster: an Apache Ratis server running {@link LedgerStateMachine}, a Ratis client, and
 * the block proposer.
 *
 * <p>Design: only the leader proposes. Entries submitted on the leader are queued; a single proposer thread drains
 * up to {@code maxBatch} of them, builds the next block on top of the leader's applied head (height + 1, previous
 * hash, leader time never going backwards), signs it with the node's Ed25519 key, and replicates it through Raft;
 * the commit reply carries each entry's outcome. One block is in flight at a time, so the head the leader signed
 * against is the head the block is applied to; batching recovers the throughput. If leadership moves while a block
 * is in flight, the block may still commit but the state machine rejects it as stale everywhere, and its entries
 * fail with NOT_LEADER naming the new leader; clients retry there with the same entry ids (idempotent). A follower
 * refuses writes the same way. Reads first pass a Ratis linearizable read barrier on this node, so a follower
 * answers with data at least as new as the leader's commit point.
 */
public final class LedgerNode implements AutoCloseable {
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
            "io.multisystem.autoblocker-ledger".getBytes(StandardCharsets.UTF_8)));

    private record Pending(LedgerEntry entry, CompletableFuture<LedgerState.EntryOutcome> future) {
    }

    private final NodeConfig config;
    private final LedgerState state;
    private final LedgerStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    private final RaftPeerId selfId;
    private final Ed25519PrivateKey key;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(1_000_000);
    private final Thread proposer;
    private volatile boolean closed;

    private LedgerNode(NodeConfig config) throws IOException {
        this.config = config;
        this.selfId = RaftPeerId.valueOf(config.nodeId());
        if (config.peers().stream().noneMatch(p -> p.id().equals(config.nodeId()))) {
            throw LedgerErrors.invalid("INVALID_PEER", "node-id", "'" + config.nodeId() + "' is not among the peers");
        }
        Files.createDirectories(config.dataDir());
        this.key = loadOrCreateKey(config.dataDir().resolve("node-key.pem"));
        this.state = new LedgerState(config.policy());
        Path blocks = config.dataDir().resolve("blocks");
        this.stateMachine = new LedgerStateMachine(state, () -> BlockStore.open(blocks, config.segmentBytes(),
                config.fsync(), config.fsyncInterval(), config.clock()));
        List<RaftPeer> peers = new ArrayList<>();
        for (Peer p : config.peers()) {
            peers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build());
        }
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
        Peer self = config.peers().stream().filter(p -> p.id().equals(config.nodeId())).findFirst().orElseThrow();
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        String host = self.raftAddress().substring(0, self.raftAddress().lastIndexOf(':'));
        int port = Integer.parseInt(self.raftAddress().substring(self.raftAddress().lastIndexOf(':') + 1));
        NettyConfigKeys.Server.setHost(props, host);
        NettyConfigKeys.Server.setPort(props, port);
        Path raftDir = config.dataDir().resolve("raft");
        RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        long min = config.electionTimeout().toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(Math.max(3000, 4 * min), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotThreshold());
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, org.apache.ratis.util.SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(props, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
        boolean existing = Files.isDirectory(raftDir.resolve(GROUP_ID.getUuid().toString()));
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(stateMachine)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        RaftProperties clientProps = new RaftProperties();
        RaftConfigKeys.Rpc.setType(clientProps, SupportedRpcType.NETTY);
        RaftClientConfigKeysBridge.setTimeout(clientProps, Math.max(3000, 4 * min));
        this.client = RaftClient.newBuilder()
                .setProperties(clientProps)
                .setRaftGroup(group)
                .setLeaderId(null)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(30,
                        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        this.proposer = new Thread(this::proposeLoop, "ledger-proposer-" + config.nodeId());
        this.proposer.setDaemon(true);
    }

    /** Starts a node (and its Raft server, which joins the cluster). */
    public static LedgerNode start(NodeConfig config) {
        try {
            LedgerNode node = new LedgerNode(config);
            node.server.start();
            node.proposer.start();
            return node;
        } catch (IOException e) {
            throw new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE, Severity.FATAL,
                    "cannot start ledger node " + config.nodeId() + ": " + e.getMessage(), Map.of(), e);
        }
    }

    private static Ed25519PrivateKey loadOrCreateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return Pem.readPrivateKey(Files.readString(file));
        }
        Ed25519PrivateKey k = Ed25519.generateKeyPair();
        SecretFiles.writeOwnerOnly(file, Pem.writePrivateKey(k));
        return k;
    }

    public String nodeId() {
        return config.nodeId();
    }

    public LedgerState state() {
        return state;
    }

    public String publicKeyHex() {
        return Hashes.toHex(key.publicKey().raw());
    }

    public long truncatedBytesAtStart() {
        return stateMachine.truncatedBytesAtStart();
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(GROUP_ID).getInfo();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isLeader() {
        return !closed && info().isLeader() && info().isLeaderReady();
    }

    /** The current leader's id, or empty while an election runs. */
    public String leaderId() {
        RaftPeerId l = info().getLeaderId();
        return l == null ? "" : l.toString();
    }

    public ClusterStatus status() {
        DivisionInfo i = info();
        String leader = i.getLeaderId() == null ? "" : i.getLeaderId().toString();
        String leaderAddress = config.peers().stream().filter(p -> p.id().equals(leader)).findFirst()
                .map(p -> p.apiAddress().isEmpty() ? p.raftAddress() : p.apiAddress()).orElse("");
        return new ClusterStatus(config.nodeId(), i.getCurrentRole().name(), leader, leaderAddress, i.getCurrentTerm(),
                i.getLastAppliedIndex(), state.height(), Hashes.toHex(state.headHash()), state.version(), config.peers());
    }

    private FailedPreconditionException notLeader() {
        ClusterStatus s = status();
        String where = s.leaderId().isEmpty() ? "no leader is elected yet; retry shortly"
                : "the leader is " + s.leaderId() + " at " + s.leaderAddress();
        return new FailedPreconditionException(LedgerErrors.COMPONENT, LedgerErrors.NOT_LEADER, Severity.OPERATIONAL,
                "node " + config.nodeId() + " is not the leader; " + where,
                Map.of("leader_id", s.leaderId(), "leader_address", s.leaderAddress()), null);
    }

    /** Proposes entries; each future completes when its block commits (or fails with NOT_LEADER / UNAVAILABLE). */
    public List<CompletableFuture<LedgerState.EntryOutcome>> submit(List<LedgerEntry> entries) {
        if (!isLeader()) {
            throw notLeader();
        }
        List<CompletableFuture<LedgerState.EntryOutcome>> futures = new ArrayList<>(entries.size());
        for (LedgerEntry e : entries) {
            CompletableFuture<LedgerState.EntryOutcome> f = new CompletableFuture<>();
            if (!queue.offer(new Pending(e, f))) {
                f.completeExceptionally(new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.RATE_LIMITED,
                        Severity.DEGRADED, "the proposal queue is full; slow down", Map.of(), null));
            }
            futures.add(f);
        }
        return futures;
    }

    /** Submits and waits. */
    public List<LedgerState.EntryOutcome> submitAndWait(List<LedgerEntry> entries, long timeoutMillis) {
        List<CompletableFuture<LedgerState.EntryOutcome>> fs = submit(entries);
        List<LedgerState.EntryOutcome> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (CompletableFuture<LedgerState.EntryOutcome> f : fs) {
            try {
                out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE,
                        Severity.DEGRADED, "commit failed: " + e.getCause(), Map.of(), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE,
                        Severity.DEGRADED, "no commit within " + timeoutMillis + " ms (is a quorum of nodes up?)",
                        Map.of(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE,
                        Severity.DEGRADED, "interrupted", Map.of(), e);
            }
        }
        return out;
    }

    /**
     * Linearizable read barrier: asks the leader (through Ratis' read index) how far the committed chain reaches,
     * then waits until this node has applied that far. Reads of the local state after it see every write
     * acknowledged before the call.
     */
    public void readBarrier() {
        long target;
        try {
            RaftClientReply reply = client.io().sendReadOnly(Message.valueOf("barrier"));
            if (!reply.isSuccess()) {
                throw unavailable("read barrier failed: " + reply.getException(), reply.getException());
            }
            String text = reply.getMessage().getContent().toStringUtf8();
            target = Long.parseLong(text.substring(text.lastIndexOf(' ') + 1));
        } catch (IOException e) {
            throw unavailable("read barrier failed: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (state.height() < target) {
            if (System.nanoTime() > deadline) {
                throw unavailable("node " + config.nodeId() + " did not catch up to height " + target + " in 10 s", null);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted", e);
            }
        }
    }

    private static UnavailableException unavailable(String message, Throwable cause) {
        return new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE, Severity.DEGRADED,
                message + " (is a quorum of ledger nodes up?)", Map.of(), cause);
    }

    private void proposeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
                proposeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                for (Pending p : batch) {
                    p.future().completeExceptionally(e);
                }
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(unavailable("node " + config.nodeId() + " is shutting down", null));
        }
    }

    private void proposeBatch(List<Pending> batch) throws InterruptedException {
        List<Pending> todo = new ArrayList<>();
        for (Pending p : batch) {
            if (state.seen(p.entry().entryId())) {
                p.future().complete(new LedgerState.EntryOutcome(p.entry().entryId(), "duplicate", List.of(), List.of()));
            } else {
                todo.add(p);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 20 && !closed; attempt++) {
            if (!isLeader()) {
                RuntimeException e = notLeader();
                todo.forEach(p -> p.future().completeExceptionally(e));
                return;
            }
            Block last = state.lastBlock();
            long time = Math.max(config.clock().millis(), last == null ? 0 : last.timeMillis());
            List<byte[]> entries = new ArrayList<>(todo.size());
            for (Pending p : todo) {
                entries.add(p.entry().encode());
            }
            Block block = Block.sign(state.height() + 1, state.headHash(), time, config.nodeId(), key, entries);
            RaftClientReply reply;
            try {
                reply = client.io().send(Message.valueOf(ByteString.copyFrom(block.encode())));
            } catch (IOException e) {
                RuntimeException u = unavailable("replication failed: " + e.getMessage(), e);
                todo.forEach(p -> p.future().completeExceptionally(u));
                return;
            }
            if (!reply.isSuccess()) {
                Thread.sleep(20);
                continue;
            }
            LedgerState.ApplyResult result = ResultCodec.decode(reply.getMessage().getContent().toByteArray());
            if (result.accepted()) {
                for (int i = 0; i < todo.size(); i++) {
                    todo.get(i).future().complete(result.outcomes().get(i));
                }
                return;
            }
            // stale: our applied head was behind (fresh leader) — wait for it to move, then rebuild
            long h = state.height();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (state.height() == h && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
        RuntimeException e = closed ? unavailable("node is shutting down", null) : notLeader();
        todo.forEach(p -> p.future().completeExceptionally(e));
    }

    @Override
    public void close() {
        closed = true;
        proposer.interrupt();
        try {
            proposer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // best effort
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
