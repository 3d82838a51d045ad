package io.multisystem.learner.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.core.boot.DataDirectory;
import io.multisystem.learner.data.DatasetCatalog;
import io.multisystem.learner.grpc.LearnerGrpcService;
import io.multisystem.learner.grpc.LearnerMetrics;
import io.multisystem.learner.workflow.Learner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;

/** Wires the learner (PyTorch started offline, caches and model registry under the data directory) and its service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AutoLearnerProperties.class)
class AutoLearnerConfiguration {

    @Bean(destroyMethod = "close")
    Learner learner(DataDirectory dataDirectory, AutoLearnerProperties properties, Clock clock) {
        Path datasets = properties.datasets() != null ? properties.datasets()
                : DatasetCatalog.defaultRoot(Path.of("").toAbsolutePath());
        return new Learner(dataDirectory.path(), new DatasetCatalog(datasets), clock);
    }

    @Bean
    LearnerMetrics learnerMetrics(MeterRegistry registry) {
        return new LearnerMetrics(registry);
    }

    @Bean
    LearnerGrpcService learnerGrpcService(Learner learner, LearnerMetrics metrics) {
        return new LearnerGrpcService(learner, metrics);
    }
}
