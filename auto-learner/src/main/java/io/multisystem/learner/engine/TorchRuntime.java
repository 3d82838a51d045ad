package io.multisystem.learner.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Starts DJL's PyTorch engine fully offline.
 *
 * <p>Design note: DJL normally downloads libtorch from a CDN on first use. Here the natives come from Maven Central
 * ({@code ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64} bundles libtorch, {@code pytorch-jni:2.7.1-0.35.1}
 * bundles the JNI glue); DJL finds {@code native/lib/pytorch.properties} on the class path and extracts the libraries
 * into its cache. {@code ai.djl.offline=true} forbids any download, and both cache directories ({@code DJL_CACHE_DIR},
 * {@code ENGINE_CACHE_DIR}) are pointed inside the caller's data directory, so nothing is written to {@code ~/.djl.ai}.
 * The engine is a process-wide singleton; the first call fixes the cache directory.
 *
 * <p>Thread-safe.
 */
public final class TorchRuntime {
    private static volatile Engine engine;

    private TorchRuntime() {
    }

    /**
     * Returns the PyTorch engine, starting it offline with its caches under {@code dataDir/djl-cache}.
     *
     * @throws io.multisystem.core.error.UnavailableException ENGINE_UNAVAILABLE when libtorch cannot be loaded
     */
    public static Engine start(Path dataDir) {
        Engine current = engine;
        if (current != null) {
            return current;
        }
        synchronized (TorchRuntime.class) {
            if (engine == null) {
                Path cache = dataDir.resolve("djl-cache").toAbsolutePath();
                try {
                    Files.createDirectories(cache);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create DJL cache directory " + cache, e);
                }
                System.setProperty("ai.djl.offline", "true");
                System.setProperty("DJL_CACHE_DIR", cache.toString());
                System.setProperty("ENGINE_CACHE_DIR", cache.toString());
                System.setProperty("ai.djl.default_engine", "PyTorch");
                System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
                // one intra-op and one inter-op thread unless configured: OpenMP workers spin when the (small,
                // shared) machine is oversubscribed, which made steps ~10x slower than single-threaded here
                System.setProperty("ai.djl.pytorch.num_threads",
                        System.getProperty("ai.djl.pytorch.num_threads", "1"));
                System.setProperty("ai.djl.pytorch.num_interop_threads",
                        System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
                try {
                    Engine e = Engine.getEngine("PyTorch");
                    e.setRandomSeed(0);
                    engine = e;
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    throw new io.multisystem.core.error.UnavailableException(NetworkSpec.COMPONENT, "ENGINE_UNAVAILABLE",
                            "PyTorch engine could not be loaded offline (needs ai.djl.pytorch:pytorch-native-cpu "
                                    + "2.7.1 linux-x86_64 on the class path): " + e.getMessage());
                }
            }
            return engine;
        }
    }

    /**
     * Turns PyTorch's autograd recording off for the calling thread. Grad mode is thread-local in libtorch and on by
     * default on threads DJL did not start (gRPC executors); parameter updates are in-place on leaf tensors, which
     * libtorch refuses while recording. Gradient collectors switch it on and restore it on close.
     */
    public static void disableGradModeOnThisThread() {
        if (engine != null) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }

    /** A new root manager on the CPU of the started engine. */
    public static NDManager newManager(Path dataDir) {
        return start(dataDir).newBaseManager();
    }
}
