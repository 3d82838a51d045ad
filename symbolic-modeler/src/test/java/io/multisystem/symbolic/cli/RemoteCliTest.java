package io.multisystem.symbolic.cli;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.grpc.SymbolicGrpcService;
import io.multisystem.symbolic.grpc.SymbolicMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain verbs against a real gRPC server on a loopback port ({@code --server}). */
class RemoteCliTest {
    Server server;
    SymbolicMetrics metrics = SymbolicMetrics.detached();

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(new SymbolicGrpcService(new SymbolicEngine(), metrics)).build().start();
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void expandAndFactorCallTheServer() {
        String target = "127.0.0.1:" + server.getPort();

        CliHarness.Result expand = CliHarness.run(SymbolicModelerCli::commandLine, "expand", "(a+b)^2", "--server", target);
        CliHarness.Result factor = CliHarness.run(SymbolicModelerCli::commandLine, "factor", "x^2-1", "--server", target);

        assertThat(expand.exitCode()).isZero();
        assertThat(expand.out().strip()).isEqualTo("a^2 + 2*a*b + b^2");
        assertThat(factor.out().strip()).isEqualTo("(x + 1)*(x - 1)");
        assertThat(metrics.registry().find("symbolic.requests").tag("rpc", "Canonicalize").counter().count()).isEqualTo(1);
    }

    @Test
    void serverSideBadInputKeepsExitCode2() {
        CliHarness.Result result = CliHarness.run(SymbolicModelerCli::commandLine, "expand", "x/0", "--server",
                "127.0.0.1:" + server.getPort());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("DIVISION_BY_ZERO");
    }
}
