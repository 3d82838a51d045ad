package io.multisystem.lattice.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The lattice-engine service: gRPC on 9107, HTTP actuator on 8107 by default. Start it with {@code bin/lattice-engine serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.lattice")
public class LatticeEngineApplication {
    public static final String SYSTEM = "lattice-engine";

    public static void main(String[] args) {
        PlatformApplication.main(LatticeEngineApplication.class, SYSTEM, args);
    }
}
