package io.multisystem.attestation.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The attestation-authority service: gRPC on 9101, HTTP actuator on 8101 by default. Start it with {@code bin/attestation-authority serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.attestation")
public class AttestationAuthorityApplication {
    public static final String SYSTEM = "attestation-authority";

    public static void main(String[] args) {
        PlatformApplication.main(AttestationAuthorityApplication.class, SYSTEM, args);
    }
}
