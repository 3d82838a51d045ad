package io.multisystem.learner.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TorchRuntimeTest {
    @Test
    void loadsLibtorchOfflineFromMavenNativesAndComputesGradients() throws Exception {
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "auto-learner-test");
        Engine engine = TorchRuntime.start(dataDir);

        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).startsWith("2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = x.mul(x).sum();
                collector.backward(y);
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(2f, 4f, 6f);
        }
        // libtorch came from the Maven native jar, extracted into the configured cache, not from ~/.djl.ai downloads
        String maps = Files.readString(Path.of("/proc/self/maps"));
        String libtorch = maps.lines().filter(l -> l.contains("libtorch_cpu.so")).findFirst().orElseThrow();
        assertThat(libtorch).contains("djl-cache").doesNotContain(".djl.ai");
    }
}
