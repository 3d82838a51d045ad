package io.multisystem.lattice.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.boot.DataDirectory;
import io.multisystem.lattice.grpc.LatticeGrpcService;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.workspace.LatticeWorkspace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The workspace (store under the data directory, {@code <home>/lattice-engine/store}) served as gRPC
 * {@code LatticeService}, with the engine's metrics in the application's meter registry.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LatticeEngineProperties.class)
class LatticeEngineConfiguration {

    @Bean
    LatticeWorkspace latticeWorkspace(LatticeEngineProperties properties, DataDirectory dataDirectory) {
        int threads = properties.parallelism() == 0 ? Runtime.getRuntime().availableProcessors()
                : properties.parallelism();
        MiningOptions options = MiningOptions.defaults().withParallelism(threads)
                .withMaxConcepts(properties.maxConcepts());
        return LatticeWorkspace.open(dataDirectory.path().resolve("store"), options);
    }

    @Bean
    LatticeGrpcService latticeGrpcService(LatticeWorkspace workspace, ObjectProvider<MeterRegistry> registry) {
        return new LatticeGrpcService(workspace, registry.getIfAvailable(SimpleMeterRegistry::new));
    }
}
