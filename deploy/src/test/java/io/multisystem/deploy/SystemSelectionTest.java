package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which systems a release deploys: all ten by default, any subset through systems.<name>.enabled. */
class SystemSelectionTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void defaultValuesDeployAllTenSystems() {
    RenderedChart chart = HelmChart.template();

    assertThat(chart.systems()).containsExactlyInAnyOrderElementsOf(PlatformSystem.names());
    assertThat(chart.all().stream().filter(m -> RenderedChart.WORKLOAD_KINDS.contains(m.kind())))
        .hasSize(PlatformSystem.ALL.size());
  }

  @Test
  void singleValuesRenderOnlyChaosEngine() {
    RenderedChart chart = HelmChart.template(HelmChart.SINGLE_VALUES);

    assertThat(chart.systems()).containsExactly("chaos-engine");
    assertThat(chart.ofSystem("chaos-engine")).extracting(Manifest::kind)
        .containsExactlyInAnyOrder("StatefulSet", "Service", "Service");
    assertThat(chart.all()).extracting(Manifest::kind)
        .containsExactlyInAnyOrder("ServiceAccount", "StatefulSet", "Service", "Service");
  }

  @Test
  void disabledSystemRendersNothing() {
    RenderedChart chart = HelmChart.template(
        Map.of("systems.autoblocker-ledger.enabled", false), HelmChart.ALL_ENABLED_VALUES);

    assertThat(chart.ofSystem("autoblocker-ledger")).isEmpty();
    assertThat(chart.all()).noneMatch(m -> m.name().contains("autoblocker-ledger"));
    assertThat(chart.systems()).hasSize(PlatformSystem.ALL.size() - 1);
  }

  @Test
  void everySystemDisabledRendersNoWorkloadAndNoService() {
    Map<String, Object> sets = new HashMap<>();
    for (String system : PlatformSystem.names()) {
      sets.put("systems." + system + ".enabled", false);
    }

    RenderedChart chart = HelmChart.template(sets);

    assertThat(chart.systems()).isEmpty();
    assertThat(chart.all()).extracting(Manifest::kind).containsExactly("ServiceAccount");
  }

  @Test
  void resourceNamesArePrefixedWithTheReleaseAndStayWithinKubernetesLimits() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    for (Manifest manifest : chart.all()) {
      assertThat(manifest.name()).as("name of %s", manifest)
          .startsWith(HelmChart.RELEASE)
          .hasSizeLessThanOrEqualTo(63)
          .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
    assertThat(chart.all().stream().map(m -> m.kind() + "/" + m.name()).distinct())
        .as("kind/name pairs are unique").hasSize(chart.all().size());
    assertThat(List.of("multisystem-chaos-engine", "multisystem-autoblocker-ledger-headless"))
        .allMatch(name -> chart.all().stream().anyMatch(m -> m.name().equals(name)));
  }
}
