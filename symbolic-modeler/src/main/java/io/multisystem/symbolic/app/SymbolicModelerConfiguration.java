package io.multisystem.symbolic.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.grpc.SymbolicGrpcService;
import io.multisystem.symbolic.grpc.SymbolicMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the engine and its gRPC service (served because it is a {@code BindableService} bean) with metrics. */
@Configuration(proxyBeanMethods = false)
class SymbolicModelerConfiguration {
    @Bean
    SymbolicEngine symbolicEngine() {
        return new SymbolicEngine();
    }

    @Bean
    SymbolicMetrics symbolicMetrics(MeterRegistry registry) {
        return new SymbolicMetrics(registry);
    }

    @Bean
    SymbolicGrpcService symbolicGrpcService(SymbolicEngine engine, SymbolicMetrics metrics) {
        return new SymbolicGrpcService(engine, metrics);
    }
}
