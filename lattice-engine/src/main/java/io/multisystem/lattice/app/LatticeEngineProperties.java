package io.multisystem.lattice.app;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * lattice-engine settings, under {@code multisystem.lattice.*}.
 *
 * @param parallelism mining threads (0 = one per available core)
 * @param maxConcepts concept budget of materialised lattices; larger requests are refused with RESOURCE_EXHAUSTED
 *                    (the Concepts RPC streams without a budget)
 */
@Validated
@ConfigurationProperties("multisystem.lattice")
public record LatticeEngineProperties(
        @DefaultValue("0") @Min(value = 0, message = "must be 0 (all cores) or more") int parallelism,
        @DefaultValue("2000000") @Min(value = 1, message = "must be at least 1") long maxConcepts) {
}
