package io.multisystem.attestation.app;

import io.multisystem.attestation.store.StoreSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * attestation-authority settings, under {@code multisystem.attestation.*}.
 *
 * @param store        {@code embedded} (H2 file database under the data directory, default) or {@code postgres}
 * @param jdbcUrl      PostgreSQL JDBC URL when {@code store=postgres}
 * @param kekFile      file holding the key-encryption key (32 bytes, base64 or hex)
 * @param kekEnv       environment variable holding the KEK when no file is given
 * @param origin       the log origin in checkpoints
 * @param pollInterval how often to pick up other instances' revocations from a shared database
 * @param statusListId the id (URL) of the status list credential
 * @param issueTimeout how long an Issue call waits for the group committer before it fails with UNAVAILABLE
 */
@Validated
@ConfigurationProperties("multisystem.attestation")
public record AttestationAuthorityProperties(
        @DefaultValue("embedded") StoreSettings.Kind store,
        String jdbcUrl,
        Path kekFile,
        @DefaultValue(StoreSettings.DEFAULT_KEK_ENV) String kekEnv,
        @DefaultValue("attestation-authority.multisystem.local/log") String origin,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("https://attestation-authority.multisystem.local/status/1") String statusListId,
        @DefaultValue("30s") Duration issueTimeout) {
}
