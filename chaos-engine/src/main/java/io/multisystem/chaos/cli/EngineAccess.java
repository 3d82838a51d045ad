package io.multisystem.chaos.cli;

import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.grpc.GrpcHealthProbe;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.core.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Options and helpers shared by the experiment verbs: where the in-process engine keeps its journal, and reading
 * experiment files.
 */
final class EngineAccess {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "In-process engine data directory (default: $MULTISYSTEM_HOME/chaos-engine, "
                    + "$MULTISYSTEM_HOME defaulting to ~/.multisystem).")
    Path dataDir;

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
        FaultProxyEngine proxies = FaultProxyEngine.create(FaultProxyOptions.defaults());
        try {
            ChaosEngine engine = ChaosEngine.builder(dataDirectory()).localProxies(proxies)
                    .grpcHealth(new GrpcHealthProbe()).open();
            return new InProcess(engine, proxies);
        } catch (RuntimeException e) {
            proxies.close();
            throw e;
        }
    }

    record InProcess(ChaosEngine engine, FaultProxyEngine proxies) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
            proxies.close();
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
