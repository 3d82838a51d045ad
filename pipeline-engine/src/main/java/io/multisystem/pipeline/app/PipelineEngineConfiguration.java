package io.multisystem.pipeline.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.core.boot.DataDirectory;
import io.multisystem.pipeline.grpc.PipelineGrpcService;
import io.multisystem.pipeline.job.JobManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Wires the pipeline-engine gRPC service and its job manager. */
@Configuration(proxyBeanMethods = false)
public class PipelineEngineConfiguration {
    /** Jobs that run at once; the rest wait queued. Two cores here, so two. */
    static final int MAX_CONCURRENT_JOBS = 2;

    @Bean(destroyMethod = "close")
    JobManager pipelineJobManager(MeterRegistry meters) {
        return new JobManager(MAX_CONCURRENT_JOBS, Clock.systemUTC(), System.out, status -> {
            meters.counter("pipeline.jobs.finished", "state", status.state().name()).increment();
            meters.counter("pipeline.records.read").increment(status.recordsRead());
            meters.counter("pipeline.records.written").increment(status.recordsWritten());
        });
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService pipelineStatusTicker() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-status");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    PipelineGrpcService pipelineGrpcService(MeterRegistry meters, JobManager jobs, DataDirectory data,
            ScheduledExecutorService pipelineStatusTicker) {
        Path base = data.path().resolve("jobs");
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + base, e);
        }
        return new PipelineGrpcService(meters, jobs, base, pipelineStatusTicker);
    }
}
