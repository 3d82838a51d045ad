package io.multisystem.parallel.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The parallel-framework service: gRPC on 9108, HTTP actuator on 8108 by default. Start it with {@code bin/parallel-framework serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.parallel")
public class ParallelFrameworkApplication {
    public static final String SYSTEM = "parallel-framework";

    public static void main(String[] args) {
        PlatformApplication.main(ParallelFrameworkApplication.class, SYSTEM, args);
    }
}
