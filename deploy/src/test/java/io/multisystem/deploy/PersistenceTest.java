package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where /data lives: a volume claim per pod for stateful systems, an emptyDir otherwise. */
class PersistenceTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void statefulSystemsKeepDataOnAVolumeClaimPerPod() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    for (PlatformSystem system : PlatformSystem.ALL) {
      if (!system.kind().equals("StatefulSet")) {
        continue;
      }
      Manifest statefulSet = chart.workloadOf(system.name()).orElseThrow();
      assertThat(statefulSet.list("spec", "volumeClaimTemplates")).as("%s", system).singleElement()
          .satisfies(claim -> {
            Manifest template = new Manifest(Manifest.asMap(claim));
            assertThat(template.name()).isEqualTo("data");
            assertThat(template.map("spec")).containsEntry("storageClassName", "standard")
                .containsEntry("accessModes", List.of("ReadWriteOnce"));
            assertThat(template.map("spec", "resources", "requests")).containsKey("storage");
          });
      assertThat(statefulSet.volumeMountedAt("/data")).as("%s", system)
          .hasValue(Map.of("name", "data"));
    }
  }

  @Test
  void statelessSystemsWriteDataToAnEmptyDir() {
    RenderedChart chart = HelmChart.template();

    for (PlatformSystem system : PlatformSystem.ALL) {
      if (system.kind().equals("StatefulSet")) {
        continue;
      }
      Manifest workload = chart.workloadOf(system.name()).orElseThrow();
      assertThat(workload.volumeMountedAt("/data")).as("%s", system).hasValueSatisfying(
          volume -> assertThat(volume).containsKey("emptyDir"));
      assertThat(workload.map("spec")).doesNotContainKey("volumeClaimTemplates");
    }
  }

  @Test
  void statefulSystemWithoutPersistenceFallsBackToAnEmptyDir() {
    Manifest ledger = HelmChart.template(Map.of("systems.autoblocker-ledger.persistence.enabled", false))
        .workloadOf("autoblocker-ledger").orElseThrow();

    assertThat(ledger.kind()).isEqualTo("StatefulSet");
    assertThat(ledger.map("spec")).doesNotContainKey("volumeClaimTemplates");
    assertThat(ledger.volumeMountedAt("/data")).hasValueSatisfying(
        volume -> assertThat(volume).containsKey("emptyDir"));
  }

  @Test
  void storageClassDashRequestsNoStorageClass() {
    Manifest ledger = HelmChart.template(Map.of("systems.autoblocker-ledger.persistence.storageClass", "-"))
        .workloadOf("autoblocker-ledger").orElseThrow();

    Map<String, Object> claim = Manifest.asMap(ledger.list("spec", "volumeClaimTemplates").get(0));
    assertThat(Manifest.asMap(claim.get("spec"))).containsEntry("storageClassName", "");
  }
}
