package io.multisystem.parallel.app;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * parallel-framework settings, under {@code multisystem.parallel.*}.
 *
 * @param workers          worker threads per job when a request asks for 0 (default: the machine's cores)
 * @param maxRunningJobs   jobs allowed to run at once; more are refused with RESOURCE_EXHAUSTED
 * @param retainFinished   finished jobs whose status stays readable
 * @param progressInterval how often running jobs' progress is sampled for Status streams
 * @param cluster          cluster mode, under {@code multisystem.parallel.cluster.*}
 */
@Validated
@ConfigurationProperties("multisystem.parallel")
public record ParallelFrameworkProperties(
        @Min(value = 0, message = "must be 0 (the machine's cores) or more") @Max(value = 1024,
                message = "must be at most 1024") @DefaultValue("0") int workers,
        @Min(value = 1, message = "must be at least 1") @DefaultValue("8") int maxRunningJobs,
        @Min(value = 1, message = "must be at least 1") @DefaultValue("100") int retainFinished,
        @DurationMin(millis = 10, message = "must be at least 10ms") @DefaultValue("200ms") Duration progressInterval,
        @Valid @DefaultValue Cluster cluster) {

    /**
     * Cluster mode: when enabled the service starts an embedded Apache Ignite node and runs every job's task bodies
     * on the cluster's server nodes.
     *
     * @param enabled           run jobs on the cluster instead of local engines
     * @param discovery         static IP finder addresses, e.g. {@code 127.0.0.1:47500..47509}
     * @param localPort         first local discovery port
     * @param localPortRange    ports tried after {@code localPort}
     * @param communicationPort first local communication port
     * @param client            join as a client node (runs no task bodies; needs a server node to exist)
     * @param jobThreads        task bodies run at once on this node (0 = the machine's cores)
     * @param workDirectory     Ignite's work directory (empty = the system temp directory)
     */
    public record Cluster(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("127.0.0.1:47500..47509") java.util.List<String> discovery,
            @Min(value = 1024, message = "must be between 1024 and 65535") @Max(value = 65535,
                    message = "must be between 1024 and 65535") @DefaultValue("47500") int localPort,
            @Min(value = 0, message = "must be 0 or more") @Max(value = 100, message = "must be at most 100")
            @DefaultValue("9") int localPortRange,
            @Min(value = 1024, message = "must be between 1024 and 65535") @Max(value = 65535,
                    message = "must be between 1024 and 65535") @DefaultValue("47100") int communicationPort,
            @DefaultValue("false") boolean client,
            @Min(value = 0, message = "must be 0 (the machine's cores) or more") @Max(value = 1024,
                    message = "must be at most 1024") @DefaultValue("0") int jobThreads,
            @DefaultValue("") String workDirectory) {
    }

    public int effectiveWorkers() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
