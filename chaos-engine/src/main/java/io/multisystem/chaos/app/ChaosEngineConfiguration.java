package io.multisystem.chaos.app;

import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.chaos.toxiproxy.ToxiproxyServer;
import io.multisystem.core.boot.PlatformApplication;
import io.multisystem.core.boot.PlatformProperties;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.chaos.experiment.CgroupLimits;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.grpc.ChaosGrpcService;
import io.multisystem.chaos.grpc.GrpcHealthProbe;
import io.multisystem.chaos.grpc.KernelAgentClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import io.multisystem.core.boot.DataDirectory;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Clock;

/**
 * Starts the Toxiproxy-compatible fault proxy with the service, on the platform's bind address, and the experiment
 * engine (journal under the data directory; faults a crash left behind are reverted at startup) served as gRPC
 * {@code ChaosService}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChaosEngineProperties.class)
class ChaosEngineConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "multisystem.chaos.proxy-api.enabled", matchIfMissing = true)
    ToxiproxyServer toxiproxyServer(ChaosEngineProperties properties, PlatformProperties platform, Clock clock) {
        ChaosEngineProperties.ProxyApi api = properties.proxyApi();
        FaultProxyOptions options = FaultProxyOptions.defaults().withIoThreads(api.ioThreads()).withClock(clock);
        if (api.defaultToxicExpiry() != null) {
            options = options.withDefaultToxicExpiry(api.defaultToxicExpiry());
        }
        try {
            return ToxiproxyServer.builder()
                    .apiHost(platform.bindAddress().getHostAddress())
                    .apiPort(api.port())
                    .engineOptions(options)
                    .start();
        } catch (PlatformException e) {
            if (!ProxyErrors.LISTEN_FAILED.equals(e.code())) {
                throw e;
            }
            throw new UnavailableException(ChaosEngineApplication.SYSTEM, PlatformApplication.PORT_IN_USE,
                    Severity.FATAL, e.getMessage() + " (property multisystem.chaos.proxy-api.port)", e.details(), e);
        }
    }

    /** The cloud-kernel-agent client for cgroup actions, when {@code ...experiments.kernel-agent} is set. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${multisystem.chaos.experiments.kernel-agent:}'.isBlank()")
    KernelAgentClient kernelAgentClient(ChaosEngineProperties properties) {
        ChaosEngineProperties.Experiments experiments = properties.experiments();
        return KernelAgentClient.connect(experiments.kernelAgent(), experiments.kernelAgentTimeout());
    }

    @Bean(destroyMethod = "close")
    ChaosEngine chaosEngine(ChaosEngineProperties properties, DataDirectory dataDirectory, Clock clock,
                            ObjectProvider<ToxiproxyServer> toxiproxy, ObjectProvider<MeterRegistry> registry,
                            ObjectProvider<KernelAgentClient> kernelAgent) {
        ToxiproxyServer server = toxiproxy.getIfAvailable();
        ChaosEngineProperties.Experiments experiments = properties.experiments();
        ChaosMetrics metrics = registry.getIfAvailable() == null ? null : new ChaosMetrics(registry.getObject());
        ChaosEngine.Builder builder = ChaosEngine.builder(dataDirectory.path())
                .clock(clock)
                .grpcHealth(new GrpcHealthProbe())
                .maxConcurrentFaults(experiments.maxConcurrentFaults())
                .cgroups(new CgroupLimits(experiments.procRoot(), experiments.cgroupRoot()))
                .kernelAgent(kernelAgent.getIfAvailable());
        if (server != null) {
            builder.localProxies(server.proxies());
        }
        if (metrics != null) {
            builder.observer(metrics);
        }
        ChaosEngine engine = builder.open();
        if (metrics != null) {
            metrics.bind(engine, server == null ? null : server.proxies());
        }
        return engine;
    }

    @Bean
    ChaosGrpcService chaosGrpcService(ChaosEngine engine) {
        return new ChaosGrpcService(engine);
    }
}
