package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict}: warnings count as failures, as in CI. */
class ChartLintTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void lintPassesStrictWithDefaultValues() {
    assertLintPasses(HelmChart.lintStrict());
  }

  @Test
  void lintPassesStrictWithEverySystemAndFeatureEnabled() {
    assertLintPasses(HelmChart.lintStrict(HelmChart.ALL_ENABLED_VALUES));
  }

  @Test
  void lintPassesStrictWithOnlyChaosEngineEnabled() {
    assertLintPasses(HelmChart.lintStrict(HelmChart.SINGLE_VALUES));
  }

  private static void assertLintPasses(LintResult result) {
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
