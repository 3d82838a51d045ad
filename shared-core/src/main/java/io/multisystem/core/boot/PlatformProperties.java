package io.multisystem.core.boot;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings every service shares, under {@code multisystem.*}. Bound and validated at startup: a bad value stops the
 * service with one line naming the property and the expected form.
 *
 * @param system      the system's name, e.g. {@code chaos-engine} (set by each application)
 * @param home        root of all data; the system keeps its files under {@code home/system}
 *                    (env {@code MULTISYSTEM_HOME}, default {@code ~/.multisystem})
 * @param bindAddress address the gRPC and HTTP servers listen on (env {@code MULTISYSTEM_BIND_ADDRESS},
 *                    default loopback)
 * @param instance    name of this instance in metrics and logs (default: host name)
 * @param security    authentication of gRPC calls
 * @param logging     log format
 * @param client      defaults for calls to other systems
 */
@Validated
@ConfigurationProperties("multisystem")
public record PlatformProperties(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*", message = "must be a lowercase system name like chaos-engine")
        String system,
        @NotNull Path home,
        @NotNull InetAddress bindAddress,
        String instance,
        @Valid @DefaultValue Security security,
        @Valid @DefaultValue Logging logging,
        @Valid @DefaultValue Client client) {

    /**
     * @param tokensFile file of accepted bearer tokens (see {@code AccessTokens}); env {@code MULTISYSTEM_SECURITY_TOKENS_FILE}
     * @param tokensEnv  environment variable read for tokens when no file is given
     */
    public record Security(Path tokensFile, @DefaultValue("MULTISYSTEM_TOKENS") String tokensEnv) {
    }

    /** @param json structured JSON (ECS) console logs instead of plain text */
    public record Logging(@DefaultValue("false") boolean json) {
    }

    /** @param defaultDeadline deadline of a call to another system that sets none */
    public record Client(
            @DefaultValue("30s") @DurationMin(nanos = 1, message = "must be a positive duration such as 30s")
            Duration defaultDeadline) {
    }

    /** The directory this system keeps its data in. */
    public Path dataDirectory() {
        return home.resolve(system);
    }
}
