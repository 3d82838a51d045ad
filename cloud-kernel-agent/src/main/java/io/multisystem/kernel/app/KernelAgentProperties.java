package io.multisystem.kernel.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code multisystem.kernel.*}: the roots the agent reads (fixture trees in tests), the managed cgroup roots it may
 * touch, the blocklist capacity, the scrape interval of the exported cAdvisor/node_exporter metrics, and whether the
 * groups it created are removed on shutdown.
 */
@ConfigurationProperties("multisystem.kernel")
public record KernelAgentProperties(Path cgroupRoot, Path procRoot, Path sysRoot, List<String> managedRoots,
                                    Integer maxPrefixes, Duration scrapeInterval, Boolean removeCreatedOnShutdown) {
    public KernelAgentProperties {
        cgroupRoot = cgroupRoot == null ? Path.of("/sys/fs/cgroup") : cgroupRoot;
        procRoot = procRoot == null ? Path.of("/proc") : procRoot;
        sysRoot = sysRoot == null ? Path.of("/sys") : sysRoot;
        managedRoots = managedRoots == null || managedRoots.isEmpty() ? List.of("multisystem.slice") : List.copyOf(managedRoots);
        maxPrefixes = maxPrefixes == null ? 131_072 : maxPrefixes;
        scrapeInterval = scrapeInterval == null ? Duration.ofSeconds(10) : scrapeInterval;
        removeCreatedOnShutdown = removeCreatedOnShutdown == null ? Boolean.TRUE : removeCreatedOnShutdown;
    }
}
