package io.multisystem.parallel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.parallel.cli.ParallelFrameworkCli;
import io.multisystem.parallel.cluster.IgnitePorts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real service in cluster mode: it starts an embedded Ignite server node on random loopback port ranges (never
 * Ignite's defaults) and runs jobs submitted over gRPC on the cluster. The context, and with it the node, is closed
 * after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it-cluster",
                "multisystem.parallel.cluster.enabled=true", "multisystem.parallel.cluster.job-threads=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ParallelFrameworkClusterIT {
    private static final IgnitePorts PORTS = IgnitePorts.random();

    @Autowired
    WebServerApplicationContext context;

    @DynamicPropertySource
    static void ignitePorts(DynamicPropertyRegistry registry) {
        registry.add("multisystem.parallel.cluster.discovery", PORTS::discoveryAddresses);
        registry.add("multisystem.parallel.cluster.local-port", PORTS::discoveryPort);
        registry.add("multisystem.parallel.cluster.local-port-range", () -> IgnitePorts.DISCOVERY_RANGE);
        registry.add("multisystem.parallel.cluster.communication-port", PORTS::communicationPort);
        registry.add("multisystem.parallel.cluster.work-directory",
                () -> System.getProperty("java.io.tmpdir") + "/multisystem-it-cluster/ignite");
    }

    @Test
    void aJobSubmittedOverGrpcRunsOnTheClusterAndWorkersListTheNode() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        String server = "127.0.0.1:" + probe.grpcPort();

        CliHarness.Result run = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "pi", "-p", "samples=200000",
                "-p", "partitions=8", "--server", server, "--timeout", "60s", "--output", "json");
        CliHarness.Result workers = CliHarness.run(ParallelFrameworkCli::commandLine, "workers", "--server", server,
                "--output", "json");
        CliHarness.Result recorded = CliHarness.run(ParallelFrameworkCli::commandLine, "run", "fib", "-p", "n=10",
                "--server", server, "--record", System.getProperty("java.io.tmpdir") + "/cluster.replay");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"state\" : \"SUCCEEDED\"", "\"pi\" : \"3.1");
        assertThat(workers.exitCode()).as(workers.err()).isZero();
        assertThat(workers.out()).contains("\"mode\" : \"cluster\"", "\"address\" : \"ignite-node\"");
        assertThat(recorded.exitCode()).isNotZero();
        assertThat(recorded.err()).contains("local engine");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("parallel_cluster_nodes", "type=\"pi\"");
    }
}
