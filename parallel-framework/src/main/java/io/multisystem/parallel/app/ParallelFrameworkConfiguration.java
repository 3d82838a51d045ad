package io.multisystem.parallel.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.cluster.ClusterEngineFactory;
import io.multisystem.parallel.cluster.ClusterSettings;
import io.multisystem.parallel.cluster.IgniteCluster;
import io.multisystem.parallel.grpc.ParallelGrpcService;
import io.multisystem.parallel.runs.EngineFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import io.multisystem.parallel.jobs.BuiltInJobs;
import io.multisystem.parallel.runs.JobManager;
import io.multisystem.parallel.runs.JobState;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the job manager, its metrics and the gRPC service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ParallelFrameworkProperties.class)
public class ParallelFrameworkConfiguration {

    /** The embedded Ignite node, only with {@code multisystem.parallel.cluster.enabled=true}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "multisystem.parallel.cluster", name = "enabled", havingValue = "true")
    IgniteCluster igniteCluster(ParallelFrameworkProperties properties, MeterRegistry meters) {
        ParallelFrameworkProperties.Cluster c = properties.cluster();
        ClusterSettings settings = ClusterSettings.loopback("parallel-framework-" + ProcessHandle.current().pid())
                .withDiscovery(c.discovery(), c.localPort(), c.localPortRange())
                .withCommunicationPort(c.communicationPort())
                .withClient(c.client())
                .withJobThreads(c.jobThreads() == 0 ? Math.max(2, Runtime.getRuntime().availableProcessors())
                        : c.jobThreads());
        if (!c.workDirectory().isBlank()) {
            settings = settings.withWorkDirectory(java.nio.file.Path.of(c.workDirectory()));
        }
        IgniteCluster cluster = IgniteCluster.start(settings);
        Gauge.builder("parallel.cluster.nodes", cluster, n -> n.nodes().size())
                .description("server nodes in the Ignite cluster").register(meters);
        return cluster;
    }

    @Bean(destroyMethod = "close")
    JobManager jobManager(ParallelFrameworkProperties properties, Clock clock, IdGenerator ids, MeterRegistry meters,
                          ObjectProvider<IgniteCluster> cluster) {
        IgniteCluster node = cluster.getIfAvailable();
        EngineFactory engines = node == null ? EngineFactory.local() : new ClusterEngineFactory(node);
        JobManager manager = new JobManager(BuiltInJobs.catalog(), properties.effectiveWorkers(),
                properties.maxRunningJobs(), properties.retainFinished(), properties.progressInterval(), clock, ids,
                new JobManager.Listener() {
                    @Override
                    public void jobStarted(String type) {
                        Counter.builder("parallel.jobs.started").description("jobs started, by type")
                                .tag("type", type).register(meters).increment();
                    }

                    @Override
                    public void jobEnded(String type, JobState state, Duration elapsed) {
                        Timer.builder("parallel.jobs.duration").description("wall time of finished jobs")
                                .tag("type", type).tag("state", state.name()).register(meters).record(elapsed);
                    }
                }, engines);
        Gauge.builder("parallel.jobs.running", manager,
                        m -> m.list().stream().filter(s -> !s.state().isFinal()).count())
                .description("jobs running now").register(meters);
        Gauge.builder("parallel.workers.busy", manager, m -> m.workers().stream().filter(w -> w.busy()).count())
                .description("worker threads running a task now").register(meters);
        return manager;
    }

    @Bean
    ParallelGrpcService parallelGrpcService(JobManager jobs) {
        return new ParallelGrpcService(jobs);
    }
}
