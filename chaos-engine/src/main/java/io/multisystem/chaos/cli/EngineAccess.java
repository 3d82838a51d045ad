package io.multisystem.chaos.cli;

import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.grpc.GrpcHealthProbe;
import io.multisystem.chaos.grpc.KernelAgentClient;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.core.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Options and helpers shared by the experiment verbs: where the in-process engine keeps its journal, and reading
 * experiment files.
 */
final class EngineAccess {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "In-process engine data directory (default: $MULTISYSTEM_HOME/chaos-engine, "
                    + "$MULTISYSTEM_HOME defaulting to ~/.multisystem).")
    Path dataDir;

    @Option(names = "--kernel-agent", paramLabel = "HOST:PORT",
            description = "In-process engine: apply cgroup limits through cloud-kernel-agent's gRPC API at HOST:PORT "
                    + "instead of writing the cgroup file system (env CHAOS_KERNEL_AGENT).")
    String kernelAgent = System.getenv("CHAOS_KERNEL_AGENT");

    Path dataDirectory() {
        if (dataDir != null) {
            return dataDir;
        }
        String home = System.getenv("MULTISYSTEM_HOME");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".multisystem")
                : Path.of(home);
        return base.resolve("chaos-engine");
    }

    /** An in-process engine with its own proxies (for experiments that declare proxies). Close both. */
    InProcess open() {
        KernelAgentClient agent = null;
        if (kernelAgent != null && !kernelAgent.isBlank()) {
            try {
                agent = KernelAgentClient.connect(kernelAgent.trim(), Duration.ofSeconds(5));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("chaos-engine", "KERNEL_AGENT_ADDRESS_INVALID",
                        "--kernel-agent must be HOST:PORT (e.g. 127.0.0.1:9104), was '" + kernelAgent + "'");
            }
        }
        FaultProxyEngine proxies = FaultProxyEngine.create(FaultProxyOptions.defaults());
        try {
            ChaosEngine engine = ChaosEngine.builder(dataDirectory()).localProxies(proxies)
                    .grpcHealth(new GrpcHealthProbe()).kernelAgent(agent).open();
            return new InProcess(engine, proxies, agent);
        } catch (RuntimeException e) {
            proxies.close();
            if (agent != null) {
                agent.close();
            }
            throw e;
        }
    }

    record InProcess(ChaosEngine engine, FaultProxyEngine proxies, KernelAgentClient agent) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            proxies.close();
            if (agent != null) {
                agent.close();
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("chaos-engine", "EXPERIMENT_UNREADABLE",
                    "cannot read the experiment file " + file + ": " + e.getMessage());
        }
    }
}
