package io.multisystem.lattice.cli;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.grpc.LatticeGrpcService;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.v1.ContextFormat;
import io.multisystem.lattice.v1.LatticeServiceGrpc;
import io.multisystem.lattice.v1.LoadContextRequest;
import io.multisystem.lattice.workspace.LatticeWorkspace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Shared plumbing of the domain commands: every command talks to {@code LatticeService}, either over the network
 * ({@code --server}) or to the same service run in this process over the workspace in the local data directory
 * ({@code $MULTISYSTEM_HOME/lattice-engine/store}, or {@code --data-dir}). Commands given a FILE instead of a stored
 * context load it into a scratch workspace (in-process) or into the server under the file's base name.
 */
abstract class LatticeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Store of the in-process engine (default: $MULTISYSTEM_HOME/lattice-engine/store).")
    Path dataDir;

    Console console() {
        return common.console();
    }

    /** Runs {@code call} against the service (remote or in-process over the persistent store). */
    <T> T withService(Function<LatticeServiceGrpc.LatticeServiceBlockingStub, T> call) {
        return withService(false, call);
    }

    /** As {@link #withService(Function)}; {@code scratch} uses a throwaway in-process store. */
    <T> T withService(boolean scratch, Function<LatticeServiceGrpc.LatticeServiceBlockingStub, T> call) {
        if (common.server().isPresent()) {
            ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
            try {
                return call.apply(LatticeServiceGrpc.newBlockingStub(channel));
            } finally {
                shutdown(channel);
            }
        }
        Path scratchDir = null;
        try {
            Path store = scratch ? (scratchDir = Files.createTempDirectory("lattice-cli")) : storeDirectory();
            LatticeWorkspace workspace = LatticeWorkspace.open(store, MiningOptions.defaults()
                    .withParallelism(Runtime.getRuntime().availableProcessors()));
            String name = InProcessServerBuilder.generateName();
            Server server = InProcessServerBuilder.forName(name).directExecutor()
                    .addService(new LatticeGrpcService(workspace, new SimpleMeterRegistry())).build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor()
                    .maxInboundMessageSize(Integer.MAX_VALUE).build();
            try {
                return call.apply(LatticeServiceGrpc.newBlockingStub(channel));
            } finally {
                shutdown(channel);
                server.shutdownNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratchDir != null) {
                deleteQuietly(scratchDir);
            }
        }
    }

    /** Loads FILE as a context named after it; returns that name. */
    static String loadFile(LatticeServiceGrpc.LatticeServiceBlockingStub stub, Path file) {
        String base = file.getFileName().toString().replaceAll("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        String name = base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0)) ? "file" + base : base;
        stub.loadContext(LoadContextRequest.newBuilder().setName(name).setFormat(formatOf(file))
                .setContent(read(file)).build());
        return name;
    }

    static ContextFormat formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".cxt") ? ContextFormat.CONTEXT_FORMAT_CXT : n.endsWith(".csv")
                ? ContextFormat.CONTEXT_FORMAT_CSV : n.endsWith(".json") ? ContextFormat.CONTEXT_FORMAT_JSON
                : ContextFormat.CONTEXT_FORMAT_UNSPECIFIED;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(FormalContext.COMPONENT, "FILE_UNREADABLE", "cannot read " + file
                    + ": " + e.getMessage());
        }
    }

    /** Exactly one of FILE or --context must be given. */
    static void requireOneSource(Path file, String context) {
        if ((file == null) == (context == null)) {
            throw new InvalidInputException(FormalContext.COMPONENT, "USAGE",
                    "give either a context FILE or --context NAME (a stored context)");
        }
    }

    private Path storeDirectory() {
        if (dataDir != null) {
            return dataDir;
        }
        String home = System.getenv("MULTISYSTEM_HOME");
        Path root = home != null && !home.isBlank() ? Paths.get(home)
                : Paths.get(System.getProperty("user.home"), ".multisystem");
        return root.resolve("lattice-engine").resolve("store");
    }

    private static void shutdown(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch directory left in tmp is harmless
        }
    }
}
