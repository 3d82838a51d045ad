package io.multisystem.parallel.cluster;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How one embedded Ignite node joins a cluster.
 *
 * @param instanceName unique name of the node inside this JVM
 * @param discoveryAddresses static IP finder entries, e.g. {@code 127.0.0.1:47500..47509}
 * @param localPort first TCP discovery port this node tries to bind (on {@code localAddress})
 * @param localPortRange how many ports after {@code localPort} it may try
 * @param communicationPort first TCP communication port (jobs and results travel here)
 * @param localAddress address discovery and communication bind to; loopback by default
 * @param client join as a client node: it submits work but runs no task bodies and stores no checkpoints
 * @param quietLogging silence Ignite's own logging (tests, CLI)
 * @param workDirectory Ignite's work directory (binary metadata, marshaller mappings)
 * @param jobThreads threads running task bodies on this node (Ignite's public pool), also the job-stealing active
 *     threshold: jobs beyond it wait, and idle nodes steal waiting jobs
 */
public record ClusterSettings(String instanceName, List<String> discoveryAddresses, int localPort, int localPortRange,
                              int communicationPort, String localAddress, boolean client, boolean quietLogging,
                              Path workDirectory, int jobThreads) {

    public static final int DEFAULT_DISCOVERY_PORT = 47500;
    public static final String DEFAULT_DISCOVERY = "127.0.0.1:47500..47509";

    /** @throws InvalidInputException with code {@code INVALID_CLUSTER_SETTINGS} naming the field to fix */
    public ClusterSettings {
        Objects.requireNonNull(instanceName, "instanceName");
        discoveryAddresses = List.copyOf(discoveryAddresses);
        if (instanceName.isBlank()) {
            throw invalid("instance name must not be blank");
        }
        if (discoveryAddresses.isEmpty()) {
            throw invalid("give at least one discovery address, e.g. " + DEFAULT_DISCOVERY);
        }
        for (String address : discoveryAddresses) {
            if (!address.matches("[A-Za-z0-9_.:\\-\\[\\]]+(:\\d{1,5}(\\.\\.\\d{1,5})?)?")) {
                throw invalid("discovery address must look like host:port or host:from..to, was '" + address + "'");
            }
        }
        if (localPort < 1024 || localPort > 65535) {
            throw invalid("local discovery port must be between 1024 and 65535, was " + localPort);
        }
        if (localPortRange < 0 || localPort + localPortRange > 65535) {
            throw invalid("local port range must be >= 0 and end below 65536, was " + localPortRange);
        }
        if (communicationPort < 1024 || communicationPort > 65535) {
            throw invalid("communication port must be between 1024 and 65535, was " + communicationPort);
        }
        if (jobThreads < 1 || jobThreads > 1024) {
            throw invalid("job threads must be between 1 and 1024, was " + jobThreads);
        }
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(workDirectory, "workDirectory");
    }

    /** A server node on loopback with the defaults: discovery 47500..47509, communication 47100+. */
    public static ClusterSettings loopback(String instanceName) {
        return new ClusterSettings(instanceName, List.of(DEFAULT_DISCOVERY), DEFAULT_DISCOVERY_PORT, 9, 47100,
                "127.0.0.1", false, false,
                Path.of(System.getProperty("java.io.tmpdir"), "multisystem-parallel-ignite"),
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public ClusterSettings withDiscovery(List<String> addresses, int port, int range) {
        return new ClusterSettings(instanceName, addresses, port, range, communicationPort, localAddress, client,
                quietLogging, workDirectory, jobThreads);
    }

    public ClusterSettings withCommunicationPort(int port) {
        return new ClusterSettings(instanceName, discoveryAddresses, localPort, localPortRange, port, localAddress,
                client, quietLogging, workDirectory, jobThreads);
    }

    public ClusterSettings withClient(boolean asClient) {
        return new ClusterSettings(instanceName, discoveryAddresses, localPort, localPortRange, communicationPort,
                localAddress, asClient, quietLogging, workDirectory, jobThreads);
    }

    public ClusterSettings withQuietLogging(boolean quiet) {
        return new ClusterSettings(instanceName, discoveryAddresses, localPort, localPortRange, communicationPort,
                localAddress, client, quiet, workDirectory, jobThreads);
    }

    public ClusterSettings withWorkDirectory(Path directory) {
        return new ClusterSettings(instanceName, discoveryAddresses, localPort, localPortRange, communicationPort,
                localAddress, client, quietLogging, directory, jobThreads);
    }

    public ClusterSettings withJobThreads(int threads) {
        return new ClusterSettings(instanceName, discoveryAddresses, localPort, localPortRange, communicationPort,
                localAddress, client, quietLogging, workDirectory, threads);
    }

    /** Splits {@code a,b,c} into addresses; blank entries are dropped. */
    public static List<String> parseAddresses(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(TaskEngine.COMPONENT, "INVALID_CLUSTER_SETTINGS", message);
    }
}
