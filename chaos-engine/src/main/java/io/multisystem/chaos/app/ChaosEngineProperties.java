package io.multisystem.chaos.app;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * chaos-engine settings, under {@code multisystem.chaos.*}.
 *
 * @param proxyApi    the Toxiproxy-compatible HTTP API and its proxies
 * @param experiments the experiment engine
 */
@Validated
@ConfigurationProperties("multisystem.chaos")
public record ChaosEngineProperties(@Valid @DefaultValue ProxyApi proxyApi, @Valid @DefaultValue Experiments experiments) {

    /**
     * @param maxConcurrentFaults engine-wide blast radius: the most faults in place at once across every run
     * @param cgroupRoot          the cgroup v2 mount used by {@code cgroup} actions
     * @param procRoot            where process cgroup membership is read ({@code PID/cgroup})
     * @param kernelAgent         {@code host:port} of cloud-kernel-agent's gRPC API: when set, {@code cgroup} actions
     *                            apply and revert limits through it instead of writing {@code cgroupRoot}
     * @param kernelAgentTimeout  deadline of each call to the agent
     */
    public record Experiments(
            @DefaultValue("100") @Min(value = 1, message = "must be at least 1") int maxConcurrentFaults,
            @DefaultValue("/sys/fs/cgroup") java.nio.file.Path cgroupRoot,
            @DefaultValue("/proc") java.nio.file.Path procRoot,
            @jakarta.validation.constraints.Pattern(regexp = "|\\[?[^\\s/]+]?:\\d{1,5}",
                    message = "must be host:port (e.g. 127.0.0.1:9104), or empty to write cgroups directly")
            @DefaultValue("") String kernelAgent,
            @DurationMin(millis = 1, message = "must be positive") @DefaultValue("5s") Duration kernelAgentTimeout) {
    }

    /**
     * @param enabled            serve the Toxiproxy-compatible API (default true)
     * @param port               its port (default 8474, Toxiproxy's; 0 picks a free one)
     * @param defaultToxicExpiry when set, every toxic without its own expiry disappears after this long
     * @param ioThreads          selector threads of the proxy data path
     */
    public record ProxyApi(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("8474") @Min(value = 0, message = "must be 0..65535") @Max(value = 65535,
                    message = "must be 0..65535") int port,
            @DurationMin(seconds = 0, message = "must not be negative") Duration defaultToxicExpiry,
            @DefaultValue("1") @Min(value = 1, message = "must be at least 1") int ioThreads) {
    }
}
