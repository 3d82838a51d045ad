package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** values.schema.json turns bad values away before anything is rendered. */
class ValuesSchemaTest {

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void nonNumericPortIsRejected() {
    assertRejected(Map.of("systems.chaos-engine.ports.grpc", "abc"), "/systems/chaos-engine/ports/grpc", "integer");
  }

  @Test
  void negativePortIsRejected() {
    assertRejected(Map.of("systems.chaos-engine.ports.http", -1), "/systems/chaos-engine/ports/http", "minimum");
  }

  @Test
  void portAbove65535IsRejected() {
    assertRejected(Map.of("systems.autoblocker-ledger.ports.raft", 70000), "/systems/autoblocker-ledger/ports/raft",
        "maximum");
  }

  @Test
  void negativeReplicasAreRejected() {
    assertRejected(Map.of("systems.pipeline-engine.replicas", -1), "/systems/pipeline-engine/replicas", "minimum");
  }

  @Test
  void nonBooleanEnabledIsRejected() {
    assertRejected(Map.of("systems.symbolic-modeler.enabled", "yes"), "/systems/symbolic-modeler/enabled", "boolean");
  }

  @Test
  void unknownSystemIsRejected() {
    assertRejected(Map.of("systems.chaos-engin.enabled", true), "/systems", "'chaos-engin' not allowed");
  }

  @Test
  void misspelledSettingIsRejected() {
    assertRejected(Map.of("systems.chaos-engine.replica", 2), "/systems/chaos-engine", "'replica' not allowed");
  }

  @Test
  void shortTokensAreRejected() {
    assertRejected(Map.of("global.tokens.tokens[0]", "secret"), "/global/tokens/tokens/0", "minLength");
  }

  @Test
  void twoPortsWithTheSameNumberAreRejected() {
    assertThatThrownBy(() -> HelmChart.template(Map.of("systems.chaos-engine.ports.toxiproxy", 9103)))
        .hasMessageContaining("systems.chaos-engine.ports")
        .hasMessageContaining("9103");
  }

  @Test
  void zeroReplicasAreAccepted() {
    assertThat(HelmChart.template(Map.of("systems.pipeline-engine.replicas", 0))
        .workloadOf("pipeline-engine").orElseThrow().map("spec")).containsEntry("replicas", 0);
  }

  @Test
  void lintFailsOnAValuesFileThatBreaksTheSchema(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("bad-values.yaml"), """
        systems:
          chaos-engine:
            ports:
              grpc: abc
        """);

    LintResult result = HelmChart.lintStrict(values);

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("/systems/chaos-engine/ports/grpc");
  }

  private static void assertRejected(Map<String, Object> sets, String valuePath, String reason) {
    assertThatThrownBy(() -> HelmChart.template(sets))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("at '" + valuePath + "'")
        .hasMessageContaining(reason);
  }
}
