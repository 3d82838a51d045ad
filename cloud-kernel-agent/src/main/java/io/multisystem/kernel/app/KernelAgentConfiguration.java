package io.multisystem.kernel.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.grpc.KernelAgentGrpcService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the kernel agent from {@code multisystem.kernel.*}, serves it over gRPC and exports its telemetry. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KernelAgentProperties.class)
class KernelAgentConfiguration {

    @Bean(destroyMethod = "close")
    KernelAgent kernelAgent(KernelAgentProperties p, Clock clock) {
        KernelAgentOptions options = KernelAgentOptions.live()
                .withCgroupRoot(p.cgroupRoot()).withProcRoot(p.procRoot()).withSysRoot(p.sysRoot())
                .withManagedRoots(p.managedRoots()).withMaxPrefixes(p.maxPrefixes())
                .withRemoveCreatedOnClose(p.removeCreatedOnShutdown());
        return new KernelAgent(options, clock);
    }

    @Bean
    KernelAgentGrpcService kernelAgentGrpcService(KernelAgent agent, MeterRegistry meters) {
        return new KernelAgentGrpcService(agent, meters);
    }

    @Bean(destroyMethod = "close")
    KernelMetricsExporter kernelMetricsExporter(KernelAgent agent, MeterRegistry meters, KernelAgentProperties p) {
        return new KernelMetricsExporter(agent, meters, p.scrapeInterval());
    }
}
