package io.multisystem.learner.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The auto-learner service: gRPC on 9110, HTTP actuator on 8110 by default. Start it with {@code bin/auto-learner serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.learner")
public class AutoLearnerApplication {
    public static final String SYSTEM = "auto-learner";

    public static void main(String[] args) {
        PlatformApplication.main(AutoLearnerApplication.class, SYSTEM, args);
    }
}
