package io.multisystem.chaos.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The chaos-engine service: gRPC on 9103, HTTP actuator on 8103 by default. Start it with {@code bin/chaos-engine serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.chaos")
public class ChaosEngineApplication {
    public static final String SYSTEM = "chaos-engine";

    public static void main(String[] args) {
        PlatformApplication.main(ChaosEngineApplication.class, SYSTEM, args);
    }
}
