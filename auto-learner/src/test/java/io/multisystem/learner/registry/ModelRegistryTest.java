package io.multisystem.learner.registry;

import ai.djl.ndarray.NDManager;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.learner.TestData;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void registersVersionsWithMetadataAndReloadsTheSameWeights() {
        ModelRegistry registry = new ModelRegistry(dir, clock);
        try (NDManager m = TestData.manager(); Network net = Network.create(m, NetworkSpec.mlp(4, new int[] {8}, 3), 1)) {
            ModelMetadata meta = new ModelMetadata("iris", "classification", Map.of("test_accuracy", 0.9), "", "abc",
                    "train");
            registry.register("iris-mlp", net, meta);
            ModelRecord second = registry.register("iris-mlp", net, new ModelMetadata("iris", "classification",
                    Map.of("test_accuracy", 0.95), "iris-mlp:1", "abc", "fine-tune"));

            assertThat(second.version()).isEqualTo(2);
            assertThat(registry.get("iris-mlp").version()).isEqualTo(2);
            assertThat(registry.get("iris-mlp:1").metadata().metrics()).containsEntry("test_accuracy", 0.9);
            assertThat(registry.get("iris-mlp").metadata().parent()).isEqualTo("iris-mlp:1");
            assertThat(registry.get("iris-mlp").createdAt()).isEqualTo(clock.instant());
            assertThat(registry.list()).hasSize(2);
            try (Network loaded = registry.load("iris-mlp:1", m)) {
                assertThat(loaded.snapshot().get("trunk.w0")).isEqualTo(net.snapshot().get("trunk.w0"));
                assertThat(loaded.spec()).isEqualTo(net.spec());
            }
        }
        assertThat(new ModelRegistry(dir, clock).list()).hasSize(2);
    }

    @Test
    void unknownModelIsNotFound() {
        ModelRegistry registry = new ModelRegistry(dir, clock);

        assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no model 'nope'");
        assertThatThrownBy(() -> registry.get("nope:3")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void invalidNameIsRejectedWithoutWritingAnything() {
        ModelRegistry registry = new ModelRegistry(dir, clock);
        try (NDManager m = TestData.manager(); Network net = Network.create(m, NetworkSpec.mlp(4, new int[] {8}, 3), 1)) {
            assertThatThrownBy(() -> registry.register("../evil", net, new ModelMetadata("", "", Map.of(), "", "", "")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("must be 1-64 characters");
        }
        assertThat(registry.list()).isEmpty();
    }
}
