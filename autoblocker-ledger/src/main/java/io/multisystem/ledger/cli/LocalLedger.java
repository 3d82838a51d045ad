package io.multisystem.ledger.cli;

import io.multisystem.ledger.chain.FsyncPolicy;
import io.multisystem.ledger.decision.Allowlist;
import io.multisystem.ledger.engine.EngineOptions;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.raft.LedgerNode;
import io.multisystem.ledger.raft.NodeConfig;
import io.multisystem.ledger.state.Policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The in-process ledger of the CLI: a one-node Raft cluster over loopback in the CLI's data directory. */
final class LocalLedger implements AutoCloseable {
    final LedgerNode node;
    final LedgerEngine engine;

    private LocalLedger(Path dir, EngineOptions options) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Policy policy = new Policy(Map.of(), 1.0, 2.0, Duration.ofHours(1), new Allowlist(List.of("127.0.0.0/8", "::1")));
        NodeConfig c = NodeConfig.single("cli", "127.0.0.1:" + port, dir, policy, Clock.systemUTC())
                .withFsync(FsyncPolicy.ALWAYS).withElectionTimeout(Duration.ofMillis(150));
        node = LedgerNode.start(c);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!node.isLeader()) {
            if (System.nanoTime() > deadline) {
                node.close();
                throw new IllegalStateException("the local ledger did not start within 20 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        engine = new LedgerEngine(node, options, Clock.systemUTC());
    }

    static LocalLedger open(Path dir, EngineOptions options) {
        return new LocalLedger(dir, options);
    }

    @Override
    public void close() {
        node.close();
    }
}
