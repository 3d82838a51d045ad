package io.multisystem.ledger.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.core.boot.DataDirectory;
import io.multisystem.core.boot.PlatformProperties;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.chain.FsyncPolicy;
import io.multisystem.ledger.grpc.ApiKeyInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;
import io.multisystem.ledger.decision.Allowlist;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.engine.EngineOptions;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.grpc.LedgerGrpcService;
import io.multisystem.ledger.raft.LedgerNode;
import io.multisystem.ledger.raft.NodeConfig;
import io.multisystem.ledger.raft.Peer;
import io.multisystem.ledger.scenario.Scenario;
import io.multisystem.ledger.scenario.ScenarioLoader;
import io.multisystem.ledger.state.Policy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Starts this node of the ledger cluster (one embedded node by default) and serves the LedgerService. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

    @Bean(destroyMethod = "close")
    LedgerNode ledgerNode(LedgerProperties p, PlatformProperties platform, DataDirectory data, Clock clock,
                          org.springframework.core.env.Environment env) {
        List<Peer> peers = new ArrayList<>();
        for (String spec : p.peers()) {
            peers.add(Peer.parse(spec));
        }
        String nodeId = p.nodeId();
        // In a Kubernetes StatefulSet (the Helm chart sets these), the pods <name>-0..N-1 behind the headless Service
        // form the cluster: node ids n0..nN-1, Raft and gRPC on the same ports in every pod.
        String peerService = env.getProperty("MULTISYSTEM_PEER_SERVICE");
        String pod = env.getProperty("MULTISYSTEM_POD_NAME");
        int replicas = env.getProperty("MULTISYSTEM_REPLICAS", Integer.class, 1);
        if (peers.isEmpty() && peerService != null && pod != null && replicas > 1 && pod.matches(".+-\\d+")) {
            String base = pod.substring(0, pod.lastIndexOf('-'));
            int raftPort = p.raftPort() == 0 ? 9202 : p.raftPort();
            String grpcPort = env.getProperty("spring.grpc.server.port", "9102");
            for (int i = 0; i < replicas; i++) {
                String host = base + "-" + i + "." + peerService;
                peers.add(Peer.parse("n" + i + "=" + host + ":" + raftPort + "@" + host + ":" + grpcPort));
            }
            nodeId = "n" + pod.substring(pod.lastIndexOf('-') + 1);
        }
        if (peers.isEmpty()) {
            int port = p.raftPort() == 0 ? freePort() : p.raftPort();
            peers.add(new Peer(nodeId, platform.bindAddress().getHostAddress() + ":" + port, ""));
        }
        List<String> allow = new ArrayList<>(List.of("127.0.0.0/8", "::1"));
        allow.addAll(p.allowlist());
        Policy policy = new Policy(p.weights(), 1.0, p.quorum(), Duration.ofHours(1), new Allowlist(allow));
        FsyncPolicy fsync;
        try {
            fsync = FsyncPolicy.valueOf(p.fsync().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LedgerErrors.invalid("INVALID_CONFIGURATION", "multisystem.ledger.fsync",
                    "'" + p.fsync() + "' must be always, interval or never");
        }
        NodeConfig config = NodeConfig.single(nodeId, peers.get(0).raftAddress(),
                        data.path().resolve("node-" + nodeId), policy, clock)
                .withPeers(peers).withFsync(fsync).withSnapshotThreshold(p.snapshotThreshold());
        return LedgerNode.start(config);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    LedgerEngine ledgerEngine(LedgerNode node, LedgerProperties p, Clock clock) {
        EngineOptions o = EngineOptions.defaults().withJail(p.maxRetry(), p.findTime(), p.banTime())
                .withRate(p.eventsPerSecond(), p.eventsPerSecond() * 4);
        LedgerEngine engine = new LedgerEngine(node, o, clock);
        List<Scenario> scenarios = new ArrayList<>();
        for (String path : p.scenarios()) {
            scenarios.addAll(ScenarioLoader.load(java.nio.file.Path.of(path)));
        }
        engine.useScenarios(scenarios);
        return engine;
    }

    @Bean
    ApiKeyStore ledgerApiKeys(LedgerProperties p, DataDirectory data, Clock clock) {
        java.nio.file.Path file = p.apiKeysFile().isBlank() ? data.path().resolve("api-keys")
                : java.nio.file.Path.of(p.apiKeysFile());
        return new ApiKeyStore(file, clock);
    }

    @Bean
    @GlobalServerInterceptor
    ApiKeyInterceptor ledgerApiKeyInterceptor(ApiKeyStore keys) {
        return new ApiKeyInterceptor(keys);
    }

    @Bean
    LedgerGrpcService ledgerGrpcService(LedgerEngine engine, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry r = registry.getIfAvailable();
        if (r != null) {
            Gauge.builder("ledger.height", engine.node().state(), s -> s.height())
                    .description("ledger blocks").register(r);
            Gauge.builder("ledger.decisions.active", engine.node().state(),
                    s -> s.active(System.currentTimeMillis(), null).size()).description("active decisions").register(r);
        }
        return new LedgerGrpcService(engine, r);
    }
}
