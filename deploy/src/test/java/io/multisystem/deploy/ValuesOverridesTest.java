package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Per-system and global settings reaching the rendered objects. */
class ValuesOverridesTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void springConfigBecomesAConfigMapMountedAsAnAdditionalConfigLocation() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    Manifest configMap = chart.ofKind("ConfigMap").stream().filter(m -> m.name().equals(
        "multisystem-attestation-authority-config")).findFirst().orElseThrow();
    Map<String, Object> applicationYaml = new Yaml().load((String) configMap.map("data").get("application.yaml"));
    assertThat(applicationYaml).isEqualTo(Map.of("multisystem", Map.of("attestation", Map.of("store", "postgres",
        "jdbc-url", "jdbc:postgresql://postgres.database.svc:5432/attestation"))));

    Manifest workload = chart.workloadOf("attestation-authority").orElseThrow();
    assertThat(workload.env()).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/config/");
    assertThat(workload.volumeMountedAt("/config")).hasValueSatisfying(volume -> assertThat(
        Manifest.asMap(volume.get("configMap"))).containsEntry("name", configMap.name()));
    assertThat(workload.map("spec", "template", "metadata", "annotations")).containsKey("checksum/config");
  }

  @Test
  void systemsWithoutConfigGetNoConfigMap() {
    RenderedChart chart = HelmChart.template();

    // Only cloud-kernel-agent ships default config: where the node's cgroups, /proc and /sys are mounted.
    assertThat(chart.ofKind("ConfigMap")).extracting(Manifest::name)
        .containsExactly("multisystem-cloud-kernel-agent-config");
    assertThat(chart.workloadOf("chaos-engine").orElseThrow().env())
        .doesNotContainKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
  }

  @Test
  void tracingIsExportedOnlyWhenAnOtlpEndpointIsSet() {
    String variable = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";

    assertThat(HelmChart.template().workloadOf("pipeline-engine").orElseThrow().env())
        .doesNotContainKey(variable);
    assertThat(HelmChart.template(HelmChart.ALL_ENABLED_VALUES).workloadOf("pipeline-engine").orElseThrow().env())
        .containsEntry(variable, "http://otel-collector.observability.svc:4318/v1/traces");
  }

  @Test
  void imageComesFromTheGlobalRegistryAndTagUnlessTheSystemOverridesIt() {
    RenderedChart chart = HelmChart.template(Map.of(
        "global.image.registry", "registry.example.com/platform",
        "global.image.tag", "1.2.3",
        "systems.auto-learner.image.repository", "learner-gpu",
        "systems.lattice-engine.image.digest",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));

    assertThat(chart.workloadOf("chaos-engine").orElseThrow().container().get("image"))
        .isEqualTo("registry.example.com/platform/chaos-engine:1.2.3");
    assertThat(chart.workloadOf("auto-learner").orElseThrow().container().get("image"))
        .isEqualTo("registry.example.com/platform/learner-gpu:1.2.3");
    assertThat(chart.workloadOf("lattice-engine").orElseThrow().container().get("image"))
        .isEqualTo("registry.example.com/platform/lattice-engine@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  }

  @Test
  void systemEnvAndJvmOptionsOverrideTheGlobalOnes() {
    Manifest learner = HelmChart.template(Map.of(
        "systems.auto-learner.javaToolOptions", "-Xmx3g",
        "systems.auto-learner.env[0].name", "LEARNER_THREADS",
        "systems.auto-learner.env[0].value", "auto")).workloadOf("auto-learner").orElseThrow();

    assertThat(learner.env())
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx3g")
        .containsEntry("LEARNER_THREADS", "auto");
  }

  @Test
  void replicatedSystemsGetADisruptionBudgetThatKeepsAQuorum() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    assertThat(chart.ofKind("PodDisruptionBudget")).extracting(Manifest::name).containsExactlyInAnyOrder(
        "multisystem-autoblocker-ledger", "multisystem-chaos-engine", "multisystem-parallel-framework");
    Manifest ledger = chart.workloadOf("autoblocker-ledger").orElseThrow();
    assertThat(ledger.map("spec")).containsEntry("replicas", 3).containsEntry("podManagementPolicy", "Parallel");
    assertThat(ledger.env()).containsEntry("MULTISYSTEM_REPLICAS", "3");
  }

  @Test
  void podsDoNotMountAServiceAccountToken() {
    RenderedChart chart = HelmChart.template();

    assertThat(chart.ofKind("ServiceAccount")).singleElement()
        .satisfies(account -> assertThat(account.raw()).containsEntry("automountServiceAccountToken", false));
    for (PlatformSystem system : PlatformSystem.ALL) {
      assertThat(chart.workloadOf(system.name()).orElseThrow().podSpec())
          .containsEntry("automountServiceAccountToken", false)
          .containsEntry("serviceAccountName", "multisystem");
    }
  }

  @Test
  void chartRefusesClustersWithoutNativeGrpcProbes() {
    assertThatThrownBy(() -> HelmChart.render("v1.26.0", Map.of()))
        .hasMessageContaining("kubeVersion");
  }
}
