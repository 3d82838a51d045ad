package io.multisystem.pipeline.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.pipeline.grpc.PipelineGrpcService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pipeline-engine gRPC service. */
@Configuration(proxyBeanMethods = false)
public class PipelineEngineConfiguration {
    @Bean
    PipelineGrpcService pipelineGrpcService(MeterRegistry meters) {
        return new PipelineGrpcService(meters);
    }
}
