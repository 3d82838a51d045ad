package io.multisystem.contract.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.contract.lang.SlaDecl;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.core.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlaMonitorTest {
    @Test
    void p99LatencyAndErrorRateAreEvaluatedOverTheirWindows() {
        SlaDecl sla = SourceParser.parse("s", "sla checkout { p99(latency) < 250ms over 5m; error_rate < 1% over 5m; }").slas().get(0);
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        SlaMonitor m = new SlaMonitor(sla, clock, 10_000);
        for (int i = 0; i < 100; i++) {
            m.record("latency", i < 99 ? 100 : 900, 0);
            m.record("error_rate", 0, 0);
        }

        List<SlaMonitor.Status> ok = m.evaluate();
        assertThat(ok).allMatch(SlaMonitor.Status::met);
        assertThat(ok.get(0).actual()).isEqualTo(100.0);

        m.record("latency", 900, 0);
        m.record("latency", 900, 0);
        m.record("error_rate", 1, 0);
        m.record("error_rate", 1, 0);
        List<SlaMonitor.Status> bad = m.evaluate();
        assertThat(bad).noneMatch(SlaMonitor.Status::met);

        clock.advance(Duration.ofMinutes(6));
        assertThat(m.evaluate()).allMatch(s -> s.met() && s.samples() == 0);
    }
}
