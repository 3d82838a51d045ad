package io.multisystem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.deploy.RenderedChart.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens for the gRPC services: a Secret, mounted read-only, named by MULTISYSTEM_SECURITY_TOKENS_FILE. */
class TokensTest {

  private static final String TOKENS_FILE = "/etc/multisystem/tokens/tokens";

  @BeforeEach
  void helmLoads() {
    HelmChart.assumeHelmLoads();
  }

  @Test
  void listedTokensRenderASecretWithOneTokenPerLine() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    assertThat(chart.ofKind("Secret")).singleElement().satisfies(secret -> {
      assertThat(secret.name()).isEqualTo("multisystem-tokens");
      String file = new String(Base64.getDecoder().decode((String) secret.map("data").get("tokens")),
          StandardCharsets.UTF_8);
      assertThat(file).isEqualTo("ci-token-0123456789abcdef\nci-token-fedcba9876543210\n");
    });
  }

  @Test
  void everySystemReadsTheTokensFileFromTheMountedSecret() {
    RenderedChart chart = HelmChart.template(HelmChart.ALL_ENABLED_VALUES);

    for (PlatformSystem system : PlatformSystem.ALL) {
      Manifest workload = chart.workloadOf(system.name()).orElseThrow();
      assertThat(workload.env()).as("%s", system).containsEntry("MULTISYSTEM_SECURITY_TOKENS_FILE", TOKENS_FILE);
      assertThat(workload.volumeMountedAt("/etc/multisystem/tokens")).as("%s", system).hasValueSatisfying(
          volume -> assertThat(Manifest.asMap(volume.get("secret")))
              .containsEntry("secretName", "multisystem-tokens")
              .containsEntry("defaultMode", 0440));
      assertThat(workload.container().get("volumeMounts").toString())
          .contains("mountPath=/etc/multisystem/tokens, readOnly=true");
    }
  }

  @Test
  void withoutTokensNoSecretIsRenderedAndCallsAreNotAuthenticated() {
    RenderedChart chart = HelmChart.template();

    assertThat(chart.ofKind("Secret")).isEmpty();
    for (PlatformSystem system : PlatformSystem.ALL) {
      Manifest workload = chart.workloadOf(system.name()).orElseThrow();
      assertThat(workload.env()).doesNotContainKey("MULTISYSTEM_SECURITY_TOKENS_FILE");
      assertThat(workload.volumeMountedAt("/etc/multisystem/tokens")).isEmpty();
    }
  }

  @Test
  void existingSecretIsMountedInsteadOfRenderingOne() {
    RenderedChart chart = HelmChart.template(Map.of(
        "global.tokens.existingSecret", "platform-tokens",
        "global.tokens.existingSecretKey", "tokens.txt"));

    assertThat(chart.ofKind("Secret")).isEmpty();
    Manifest workload = chart.workloadOf("chaos-engine").orElseThrow();
    assertThat(workload.env()).containsEntry("MULTISYSTEM_SECURITY_TOKENS_FILE", TOKENS_FILE);
    assertThat(workload.volumeMountedAt("/etc/multisystem/tokens")).hasValueSatisfying(volume -> {
      Map<String, Object> secret = Manifest.asMap(volume.get("secret"));
      assertThat(secret).containsEntry("secretName", "platform-tokens");
      assertThat(secret.get("items").toString()).isEqualTo("[{key=tokens.txt, path=tokens}]");
    });
  }

  @Test
  void changingTheTokensRollsThePods() {
    String before = tokensChecksum(HelmChart.template(HelmChart.ALL_ENABLED_VALUES));
    String after = tokensChecksum(HelmChart.template(
        Map.of("global.tokens.tokens[0]", "a-rotated-token-0123456789"), HelmChart.ALL_ENABLED_VALUES));

    assertThat(before).isNotBlank();
    assertThat(after).isNotBlank().isNotEqualTo(before);
  }

  private static String tokensChecksum(RenderedChart chart) {
    return (String) chart.workloadOf("chaos-engine").orElseThrow()
        .map("spec", "template", "metadata", "annotations").get("checksum/tokens");
  }
}
