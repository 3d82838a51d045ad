package io.multisystem.ledger.raft;

import io.multisystem.ledger.chain.Block;
import io.multisystem.ledger.chain.BlockStore;
import io.multisystem.ledger.state.LedgerState;
import io.multisystem.ledger.state.ResultCodec;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The Ratis state machine: each log entry is one signed block; applying it runs {@link LedgerState#apply} and, if
 * accepted, appends it to the node's {@link BlockStore}.
 *
 * <p>Design: the block store is itself durable, so at startup the state is rebuilt by replaying the stored blocks,
 * and the last applied Raft position is the one recorded in the last block; Raft then replays only the log after
 * it (entries at or below it are skipped, which also makes replays after a restart harmless). A snapshot is the
 * whole chain in one file (with Ratis' MD5 sidecar); it lets Ratis purge its log and is what a lagging follower
 * installs: on {@link #reinitialize()} the node rebuilds state and block store from the newest snapshot when that
 * snapshot is ahead of its own blocks. Read queries ({@code barrier}) just report the applied index: Ratis' read
 * index makes them linearizable, after which the node's in-memory state can be read.
 */
public final class LedgerStateMachine extends BaseStateMachine {
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final LedgerState state;
    private final Supplier<BlockStore> storeFactory;
    private volatile BlockStore store;
    private volatile long truncatedAtStart;

    public LedgerStateMachine(LedgerState state, Supplier<BlockStore> storeFactory) {
        this.state = state;
        this.storeFactory = storeFactory;
    }

    public LedgerState state() {
        return state;
    }

    public long truncatedBytesAtStart() {
        return truncatedAtStart;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        store = storeFactory.get();
        truncatedAtStart = store.truncatedBytes();
        rebuild();
    }

    @Override
    public void reinitialize() throws IOException {
        rebuild();
    }

    private synchronized void rebuild() throws IOException {
        state.reset();
        List<Block> stored = store.recovered();
        List<Block> good = replay(stored);
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        long storedIndex = good.isEmpty() ? -1 : good.get(good.size() - 1).raftIndex();
        if (snapshot != null && snapshot.getIndex() > storedIndex) {
            List<Block> fromSnapshot = readSnapshot(snapshot.getFile().getPath().toFile());
            state.reset();
            good = replay(fromSnapshot);
            store.replaceAll(good);
            setLastAppliedTermIndex(snapshot.getTermIndex());
        } else {
            if (good.size() != stored.size()) {
                store.replaceAll(good);
            }
            if (!good.isEmpty()) {
                Block last = good.get(good.size() - 1);
                setLastAppliedTermIndex(TermIndex.valueOf(last.raftTerm(), last.raftIndex()));
            }
        }
    }

    private List<Block> replay(List<Block> blocks) {
        List<Block> good = new ArrayList<>();
        for (Block b : blocks) {
            if (!state.apply(b).accepted()) {
                break;
            }
            good.add(b);
        }
        return good;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex ti = TermIndex.valueOf(entry);
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        LedgerState.ApplyResult result;
        synchronized (this) {
            TermIndex last = getLastAppliedTermIndex();
            if (last != null && ti.getIndex() <= last.getIndex()) {
                return CompletableFuture.completedFuture(Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf
                        .ByteString.copyFrom(ResultCodec.encode(new LedgerState.ApplyResult(false,
                                "already applied", state.height(), List.of())))));
            }
            Block block;
            try {
                block = Block.decode(data).withRaftPosition(ti.getTerm(), ti.getIndex());
                result = state.apply(block);
            } catch (IllegalArgumentException e) {
                result = new LedgerState.ApplyResult(false, "malformed block: " + e.getMessage(), state.height(), List.of());
                block = null;
            }
            if (result.accepted()) {
                store.append(block);
            }
            updateLastAppliedTermIndex(ti.getTerm(), ti.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(
                org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(ResultCodec.encode(result))));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        TermIndex last = getLastAppliedTermIndex();
        String reply = "applied " + (last == null ? -1 : last.getIndex()) + " height " + state.height();
        return CompletableFuture.completedFuture(Message.valueOf(reply));
    }

    @Override
    public long takeSnapshot() throws IOException {
        List<Block> blocks;
        TermIndex last;
        synchronized (this) {
            last = getLastAppliedTermIndex();
            blocks = state.blocks();
            store.sync();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getPath() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.toPath())))) {
            out.write("ABLSNAP1".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(blocks.size());
            for (Block b : blocks) {
                byte[] e = b.encode();
                out.writeInt(e.length);
                out.write(e);
            }
        }
        Files.move(tmp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        return last.getIndex();
    }

    static List<Block> readSnapshot(File file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.toPath())))) {
            byte[] magic = in.readNBytes(8);
            if (!"ABLSNAP1".equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException("not a ledger snapshot: " + file);
            }
            int n = in.readInt();
            List<Block> blocks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                blocks.add(Block.decode(in.readNBytes(len)));
            }
            return blocks;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        BlockStore s = store;
        if (s != null) {
            s.close();
        }
    }
}
