package io.multisystem.contract.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.contract.engine.ContractEngine;
import io.multisystem.contract.grpc.ContractGrpcService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the contract engine (with metrics) and serves it as gRPC {@code ContractService}. */
@Configuration(proxyBeanMethods = false)
class ContractCompilerConfiguration {

    @Bean
    ContractEngine contractEngine(ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> registry,
            @Value("${multisystem.contract.max-cached-contracts:256}") int maxContracts) {
        MeterRegistry r = registry.getIfAvailable();
        return new ContractEngine(clock.getIfAvailable(Clock::systemUTC), r == null ? null : new ContractMetrics(r),
                maxContracts);
    }

    @Bean
    ContractGrpcService contractGrpcService(ContractEngine engine) {
        return new ContractGrpcService(engine);
    }
}
