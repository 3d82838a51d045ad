package io.multisystem.symbolic.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The symbolic-modeler service: gRPC on 9106, HTTP actuator on 8106 by default. Start it with {@code bin/symbolic-modeler serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.symbolic")
public class SymbolicModelerApplication {
    public static final String SYSTEM = "symbolic-modeler";

    public static void main(String[] args) {
        PlatformApplication.main(SymbolicModelerApplication.class, SYSTEM, args);
    }
}
