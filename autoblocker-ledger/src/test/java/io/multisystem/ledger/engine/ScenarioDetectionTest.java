package io.multisystem.ledger.engine;

import io.multisystem.core.testing.FreePorts;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.raft.LedgerNode;
import io.multisystem.ledger.raft.NodeConfig;
import io.multisystem.ledger.scenario.ScenarioLoader;
import io.multisystem.ledger.state.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios loaded into the engine turn overflows into committed, provable decisions. */
class ScenarioDetectionTest {
    @TempDir
    Path dir;

    @Test
    void anOverflowingRemediationScenarioCommitsABanCitingTheBucketEvents() throws Exception {
        NodeConfig c = NodeConfig.single("n1", "127.0.0.1:" + FreePorts.next(1)[0], dir, Policy.defaults(),
                Clock.systemUTC()).withElectionTimeout(Duration.ofMillis(150));
        try (LedgerNode node = LedgerNode.start(c)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!node.isLeader()) {
                assertThat(System.nanoTime()).as("leader within 20 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            // a jail that never fires on its own, so the decision can only come from the scenario
            LedgerEngine engine = new LedgerEngine(node, EngineOptions.defaults().withJail(1000, Duration.ofMinutes(1),
                    Duration.ofHours(1)), Clock.systemUTC());
            engine.useScenarios(ScenarioLoader.load(Path.of(getClass().getResource("/scenarios/http-cve-probe.yaml").toURI())));
            Instant now = Instant.now();
            List<Event> events = new ArrayList<>();
            events.add(new Event("a1", "web", "192.0.2.80", "http_access-log", Map.of("http_path", "/index.html"), now));
            events.add(new Event("a2", "web", "192.0.2.80", "http_access-log", Map.of("http_path", "/.env"), now));
            LedgerEngine.IngestResult r = engine.report(events);

            assertThat(r.accepted()).isEqualTo(2);
            assertThat(r.decisions()).hasSize(1);
            Decision d = r.decisions().get(0);
            assertThat(d.value()).isEqualTo("192.0.2.80");
            assertThat(d.scenario()).isEqualTo("test/http-env-leak");
            assertThat(d.origin()).isEqualTo("web");
            assertThat(d.evidence()).containsExactly(events.get(1).hash());
            assertThat(engine.prove(d.id()).valid()).isTrue();
            assertThat(engine.verify(Set.of()).ok()).isTrue();
            assertThat(engine.report(events).decisions()).as("re-sent events are duplicates").isEmpty();
        }
    }
}
