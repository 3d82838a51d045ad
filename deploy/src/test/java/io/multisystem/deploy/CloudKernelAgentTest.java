package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cloud-kernel-agent: one pod per node with read-only host mounts, privileged only when asked. */
class CloudKernelAgentTest {

  private static final String AGENT = "cloud-kernel-agent";

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void agentRunsUnprivilegedOnEveryNodeByDefault() {
    Manifest agent = HelmChart.template().workloadOf(AGENT).orElseThrow();

    assertThat(agent.kind()).isEqualTo("DaemonSet");
    assertThat(Manifest.asMap(agent.container().get("securityContext")))
        .containsEntry("runAsNonRoot", true)
        .doesNotContainKey("privileged");
    assertThat(agent.podSpec()).doesNotContainKey("hostPID");
  }

  @Test
  void agentReadsHostCgroupsThroughReadOnlyHostMounts() {
    Manifest agent = HelmChart.template().workloadOf(AGENT).orElseThrow();

    assertThat(agent.volumeMountedAt("/host/sys/fs/cgroup")).hasValueSatisfying(volume ->
        assertThat(Manifest.asMap(volume.get("hostPath"))).containsEntry("path", "/sys/fs/cgroup"));
    assertThat(agent.container().get("volumeMounts").toString())
        .contains("mountPath=/host/sys/fs/cgroup, readOnly=true");
  }

  @Test
  void privilegedAgentRunsAsRootInAPrivilegedContainer() {
    Manifest agent = HelmChart.template(Map.of(
        "systems.cloud-kernel-agent.privileged", true,
        "systems.cloud-kernel-agent.hostPID", true)).workloadOf(AGENT).orElseThrow();

    assertThat(Manifest.asMap(agent.container().get("securityContext")))
        .containsEntry("privileged", true)
        .containsEntry("allowPrivilegeEscalation", true)
        .containsEntry("runAsNonRoot", false)
        .containsEntry("runAsUser", 0)
        .containsEntry("readOnlyRootFilesystem", true)
        .doesNotContainKey("capabilities");
    assertThat(agent.podSpec()).containsEntry("hostPID", true);
  }

  @Test
  void privilegeIsGrantedOnlyToTheAgent() {
    RenderedChart chart = HelmChart.template(Map.of("systems.cloud-kernel-agent.privileged", true));

    for (PlatformSystem system : PlatformSystem.ALL) {
      if (!system.name().equals(AGENT)) {
        assertThat(Manifest.asMap(chart.workloadOf(system.name()).orElseThrow().container().get("securityContext")))
            .as("%s", system).containsEntry("runAsNonRoot", true).doesNotContainKey("privileged");
      }
    }
  }

  @Test
  void agentRunsAsADeploymentWhenNotADaemonSet() {
    Manifest agent = HelmChart.template(Map.of(
        "systems.cloud-kernel-agent.daemonSet", false,
        "systems.cloud-kernel-agent.replicas", 2)).workloadOf(AGENT).orElseThrow();

    assertThat(agent.kind()).isEqualTo("Deployment");
    assertThat(agent.map("spec")).containsEntry("replicas", 2);
  }
}
