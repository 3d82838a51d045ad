package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prometheus Operator ServiceMonitors: off by default, one per enabled system when switched on. */
class ServiceMonitorTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void noServiceMonitorIsRenderedByDefault() {
    assertThat(HelmChart.template().ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void everyEnabledSystemIsScrapedOnItsActuatorWhenServiceMonitorsAreEnabled() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    assertThat(chart.ofKind("ServiceMonitor")).hasSize(PlatformSystem.ALL.size());
    for (PlatformSystem system : PlatformSystem.ALL) {
      Manifest monitor = chart.ofSystem(system.name()).stream()
          .filter(m -> m.kind().equals("ServiceMonitor")).findFirst()
          .orElseThrow(() -> new AssertionError(system + " has no ServiceMonitor"));
      assertThat(monitor.raw()).containsEntry("apiVersion", "monitoring.coreos.com/v1");
      assertThat(monitor.labels()).containsEntry("release", "kube-prometheus-stack");
      assertThat(monitor.list("spec", "endpoints")).singleElement().satisfies(endpoint -> assertThat(
          Manifest.asMap(endpoint))
          .containsEntry("port", "http")
          .containsEntry("path", "/actuator/prometheus")
          .containsEntry("interval", "15s"));
    }
  }

  @Test
  void serviceMonitorSelectsOnlyTheClientServiceSoSeriesAreNotScrapedTwice() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);
    Manifest monitor = chart.ofSystem("autoblocker-ledger").stream()
        .filter(m -> m.kind().equals("ServiceMonitor")).findFirst().orElseThrow();
    Map<String, Object> selector = monitor.map("spec", "selector", "matchLabels");

    List<Manifest> selected = chart.ofKind("Service").stream()
        .filter(service -> service.labels().entrySet().containsAll(selector.entrySet()))
        .toList();
    assertThat(selected).extracting(Manifest::name).containsExactly("multisystem-autoblocker-ledger");
    assertThat(selected.get(0).servicePorts()).containsKey("http");
  }

  @Test
  void disabledSystemsGetNoServiceMonitor() {
    RenderedChart chart = HelmChart.template(
        Map.of("global.serviceMonitor.enabled", true), HelmChart.SINGLE_VALUES);

    assertThat(chart.ofKind("ServiceMonitor")).extracting(Manifest::name)
        .containsExactly("multisystem-chaos-engine");
  }
}
