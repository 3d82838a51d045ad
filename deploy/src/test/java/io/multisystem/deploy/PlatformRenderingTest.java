package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every system gets from the chart, checked for each system of the platform against PLATFORM.md's table,
 * with the default values (which enable all ten) and with everything switched on.
 */
class PlatformRenderingTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  static Stream<Arguments> everySystemUnderEveryValuesFile() {
    return Stream.of(
            Named.of("default values", new Path[0]),
            Named.of("all-enabled values", new Path[] {HelmChart.ALL_ENABLED_VALUES}))
        .flatMap(values -> PlatformSystem.ALL.stream().map(system -> Arguments.of(values, system)));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemRunsAsItsKindOfWorkload(Path[] values, PlatformSystem system) {
    Manifest workload = workload(values, system);

    assertThat(workload.kind()).isEqualTo(system.kind());
    assertThat(workload.container().get("image"))
        .isEqualTo("multisystem/" + system.name() + ":0.1.0-SNAPSHOT");
    assertThat(workload.container().get("args")).isEqualTo(List.of("serve"));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemExposesItsGrpcHttpAndExtraPorts(Path[] values, PlatformSystem system) {
    Manifest workload = workload(values, system);

    assertThat(workload.containerPorts()).containsExactlyInAnyOrderEntriesOf(system.ports());
    assertThat(workload.env())
        .containsEntry("SPRING_GRPC_SERVER_PORT", String.valueOf(system.grpcPort()))
        .containsEntry("SERVER_PORT", String.valueOf(system.httpPort()));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemHasAServiceWithItsNamedPorts(Path[] values, PlatformSystem system) {
    RenderedChart chart = HelmChart.template(values);

    Manifest service = chart.serviceOf(system.name()).orElseThrow(() -> new AssertionError(
        system + " has no Service"));
    assertThat(service.servicePorts()).containsExactlyInAnyOrderEntriesOf(system.ports());
    assertThat(service.map("spec", "selector"))
        .isEqualTo(chart.workloadOf(system.name()).orElseThrow().map("spec", "selector", "matchLabels"));
    for (Object port : service.list("spec", "ports")) {
      Map<String, Object> p = Manifest.asMap(port);
      assertThat(p.get("targetPort")).as("targetPort of %s", p.get("name")).isEqualTo(p.get("name"));
    }
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemIsProbedOverGrpcHealthOnItsGrpcPort(Path[] values, PlatformSystem system) {
    Map<String, Object> container = workload(values, system).container();

    for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
      Map<String, Object> handler = Manifest.asMap(container.get(probe));
      assertThat(handler).as("%s of %s", probe, system).containsOnlyKeys(
          "grpc", "periodSeconds", "timeoutSeconds", "failureThreshold");
      assertThat(Manifest.asMap(handler.get("grpc"))).as("%s of %s", probe, system)
          .isEqualTo(Map.of("port", system.grpcPort()));
    }
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemRunsAsNonRootOnAReadOnlyRootFilesystem(Path[] values, PlatformSystem system) {
    Manifest workload = workload(values, system);
    Map<String, Object> securityContext = Manifest.asMap(workload.container().get("securityContext"));

    assertThat(Manifest.asMap(workload.podSpec().get("securityContext")))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 65532);
    assertThat(securityContext)
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 65532)
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
        .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"))
        .doesNotContainKey("privileged");
    assertThat(workload.volumeMountedAt("/tmp")).hasValueSatisfying(
        volume -> assertThat(volume).containsKey("emptyDir"));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void everyEnabledSystemBindsAllInterfacesAndKeepsItsDataUnderData(Path[] values, PlatformSystem system) {
    Manifest workload = workload(values, system);

    assertThat(workload.env())
        .containsEntry("MULTISYSTEM_HOME", "/data")
        .containsEntry("MULTISYSTEM_BIND_ADDRESS", "0.0.0.0")
        .containsEntry("MULTISYSTEM_LOGGING_JSON", "true")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
    assertThat(workload.container().get("volumeMounts").toString()).contains("mountPath=/data");
    // Service links would add MULTISYSTEM_*_PORT=tcp://... variables that Spring would bind as properties.
    assertThat(workload.podSpec()).containsEntry("enableServiceLinks", false);
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("everySystemUnderEveryValuesFile")
  void statefulSystemsGetAHeadlessServiceForPeerDiscovery(Path[] values, PlatformSystem system) {
    RenderedChart chart = HelmChart.template(values);
    Manifest workload = chart.workloadOf(system.name()).orElseThrow();

    if (system.kind().equals("StatefulSet")) {
      Manifest headless = chart.headlessServiceOf(system.name()).orElseThrow(() -> new AssertionError(
          system + " has no headless Service"));
      assertThat(headless.map("spec")).containsEntry("clusterIP", "None")
          .containsEntry("publishNotReadyAddresses", true);
      assertThat(workload.map("spec")).containsEntry("serviceName", headless.name());
      assertThat(workload.env()).containsEntry("MULTISYSTEM_PEER_SERVICE",
          headless.name() + "." + HelmChart.NAMESPACE + ".svc.cluster.local");
    } else {
      assertThat(chart.headlessServiceOf(system.name())).isEmpty();
    }
  }

  private static Manifest workload(Path[] values, PlatformSystem system) {
    return HelmChart.template(values).workloadOf(system.name())
        .orElseThrow(() -> new AssertionError(system + " has no workload"));
  }
}
