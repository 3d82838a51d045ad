package io.multisystem.parallel.cluster;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.parallel.task.CheckpointStore;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.WorkerInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cluster.ClusterMetrics;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.lifecycle.LifecycleEventType;
import org.apache.ignite.logger.NullLogger;
import org.apache.ignite.logger.java.JavaLogger;
import org.apache.ignite.spi.collision.jobstealing.JobStealingCollisionSpi;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.spi.failover.jobstealing.JobStealingFailoverSpi;

/**
 * One embedded Ignite node of this process and the engines that run on its cluster.
 *
 * <p>Design note: every node is configured the same way: TCP discovery with a static IP finder (loopback by default),
 * {@link JobStealingCollisionSpi} (at most {@code jobThreads} jobs run per node, the rest wait, and a node with free
 * threads steals waiting jobs from busier ones) with {@link JobStealingFailoverSpi} (a job whose node failed or left
 * runs again on another node, up to 5 times), round-robin load balancing, and a {@code REPLICATED}, {@code FULL_SYNC}
 * cache {@value #CHECKPOINT_CACHE} for checkpoints. Data regions, thread pools and the REST/thin-client connectors are
 * trimmed: a node here only runs jobs and holds small checkpoint values.
 */
public final class IgniteCluster implements AutoCloseable {
    public static final String CHECKPOINT_CACHE = "parallel-framework-checkpoints";
    private static final long MIB = 1024L * 1024L;
    /** How long a starting node may try to join its cluster. */
    static final long JOIN_TIMEOUT_MILLIS = 30_000;

    private final Ignite ignite;
    private final ClusterSettings settings;
    private final JobStealingCollisionSpi collisions;

    private IgniteCluster(Ignite ignite, ClusterSettings settings, JobStealingCollisionSpi collisions) {
        this.ignite = ignite;
        this.settings = settings;
        this.collisions = collisions;
    }

    /**
     * Starts a node and joins (or forms) the cluster its discovery addresses point at.
     *
     * @throws UnavailableException with code {@code CLUSTER_START_FAILED} when the node cannot start or join (ports
     *     taken, JVM flags missing, no server to join as a client)
     */
    public static IgniteCluster start(ClusterSettings settings) {
        JobStealingCollisionSpi collisions = new JobStealingCollisionSpi();
        collisions.setActiveJobsThreshold(settings.jobThreads());
        collisions.setWaitJobsThreshold(0);
        collisions.setMessageExpireTime(1_000);
        collisions.setMaximumStealingAttempts(10);
        collisions.setStealingEnabled(true);
        JobStealingFailoverSpi failover = new JobStealingFailoverSpi();
        failover.setMaximumFailoverAttempts(5);

        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(settings.discoveryAddresses());
        TcpDiscoverySpi discovery = new TcpDiscoverySpi();
        discovery.setIpFinder(finder);
        discovery.setLocalAddress(settings.localAddress());
        discovery.setLocalPort(settings.localPort());
        discovery.setLocalPortRange(settings.localPortRange());
        // Ignite waits forever for a join by default (joinTimeout 0): bound it, so a node whose discovery addresses
        // answer but never admit it fails to start with CLUSTER_START_FAILED instead of hanging its caller.
        discovery.setJoinTimeout(JOIN_TIMEOUT_MILLIS);
        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress(settings.localAddress());
        communication.setLocalPort(settings.communicationPort());
        communication.setLocalPortRange(50);
        communication.setSharedMemoryPort(-1);

        DataStorageConfiguration storage = new DataStorageConfiguration();
        storage.setDefaultDataRegionConfiguration(new DataRegionConfiguration().setName("default")
                .setInitialSize(16 * MIB).setMaxSize(128 * MIB));
        storage.setSystemRegionInitialSize(10 * MIB);
        storage.setSystemRegionMaxSize(20 * MIB);

        IgniteConfiguration config = new IgniteConfiguration()
                .setIgniteInstanceName(settings.instanceName())
                .setClientMode(settings.client())
                .setDiscoverySpi(discovery)
                .setCommunicationSpi(communication)
                .setCollisionSpi(collisions)
                .setFailoverSpi(failover)
                .setDataStorageConfiguration(storage)
                .setWorkDirectory(settings.workDirectory().toAbsolutePath().toString())
                .setPeerClassLoadingEnabled(false)
                .setMetricsLogFrequency(0)
                .setMetricsUpdateFrequency(500)
                .setConnectorConfiguration(null)
                .setClientConnectorConfiguration(null)
                .setFailureHandler(new StopNodeFailureHandler())
                .setPublicThreadPoolSize(settings.jobThreads() + 2)
                .setSystemThreadPoolSize(2)
                .setStripedPoolSize(2)
                .setDataStreamerThreadPoolSize(1)
                .setQueryThreadPoolSize(1)
                .setServiceThreadPoolSize(1)
                .setManagementThreadPoolSize(1)
                .setAsyncCallbackPoolSize(1)
                .setRebalanceThreadPoolSize(1)
                .setUtilityCachePoolSize(1)
                .setPeerClassLoadingThreadPoolSize(1)
                .setGridLogger(settings.quietLogging() ? new NullLogger() : new JavaLogger())
                .setLifecycleBeans(event -> {
                    if (event == LifecycleEventType.AFTER_NODE_STOP) {
                        NodeEngines.release(settings.instanceName());
                    }
                })
                .setCacheConfiguration(new CacheConfiguration<String, byte[]>(CHECKPOINT_CACHE)
                        .setCacheMode(CacheMode.REPLICATED)
                        .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
        try {
            return new IgniteCluster(Ignition.start(config), settings, collisions);
        } catch (IgniteException | IllegalStateException e) {
            throw new UnavailableException(TaskEngine.COMPONENT, "CLUSTER_START_FAILED", "Ignite node "
                    + settings.instanceName() + " could not start or join " + settings.discoveryAddresses() + ": "
                    + rootMessage(e) + " (on JDK 17+ the JVM needs the --add-opens flags in specs/parallel-framework.md)");
        }
    }

    /**
     * A new engine whose task bodies run on this cluster's server nodes; {@code parallelism} workers schedule on this
     * node and each server node runs sub-tasks of cluster tasks on its own local engine of {@code jobThreads} workers.
     *
     * @throws InvalidInputException with code {@code NO_SERVER_NODES} when the cluster has no server node to run on
     */
    public ClusterTaskEngine engine(int parallelism) {
        if (ignite.cluster().forServers().nodes().isEmpty()) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "NO_SERVER_NODES",
                    "the cluster has no server node to run tasks on; start one with 'parallel-framework serve' and"
                            + " multisystem.parallel.cluster.enabled=true");
        }
        int jobThreads = settings.jobThreads();
        IgniteBodyRunner runner = new IgniteBodyRunner(ignite.compute(ignite.cluster().forServers()), jobThreads,
                () -> ignite.cluster().forServers().nodes().size() * jobThreads);
        TaskEngine scheduler = TaskEngine.builder().parallelism(parallelism)
                .checkpointStore(checkpointStore())
                .bodyRunner(runner)
                .build();
        return new ClusterTaskEngine(this, scheduler, runner);
    }

    /** The cluster-wide checkpoint store (replicated cache). */
    public CheckpointStore checkpointStore() {
        return checkpointStoreOf(ignite);
    }

    static CheckpointStore checkpointStoreOf(Ignite ignite) {
        IgniteCache<String, byte[]> cache = ignite.cache(CHECKPOINT_CACHE);
        return new IgniteCheckpointStore(cache);
    }

    /** Checkpoints stored in the cluster now. */
    public long checkpointCount() {
        return ignite.<String, byte[]>cache(CHECKPOINT_CACHE).sizeLong();
    }

    /** One entry per server node: its instance name (or id), whether it runs jobs now, jobs it has executed. */
    public List<WorkerInfo> nodes() {
        List<WorkerInfo> out = new ArrayList<>();
        for (ClusterNode node : ignite.cluster().forServers().nodes()) {
            ClusterMetrics metrics = node.metrics();
            Object name = node.attribute("org.apache.ignite.ignite.name");
            out.add(new WorkerInfo((name == null ? "node" : name.toString()) + "@" + node.id(),
                    metrics.getCurrentActiveJobs() > 0, metrics.getTotalExecutedJobs()));
        }
        out.sort(Comparator.comparing(WorkerInfo::name));
        return out;
    }

    /** Jobs this node stole from busier nodes. */
    long stolenJobs() {
        return collisions.getTotalStolenJobsNumber();
    }

    /** The embedded node (for benchmarks and tests comparing with Ignite's own compute API). */
    public Ignite ignite() {
        return ignite;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Stops this node, cancelling the jobs running on it (they fail over to other nodes). Idempotent. */
    @Override
    public void close() {
        if (Ignition.state(settings.instanceName()) == org.apache.ignite.IgniteState.STARTED) {
            Ignition.stop(settings.instanceName(), true);
        }
        NodeEngines.release(settings.instanceName());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }
}
