package io.multisystem.pipeline.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The pipeline-engine service: gRPC on 9109, HTTP actuator on 8109 by default. Start it with {@code bin/pipeline-engine serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.pipeline")
public class PipelineEngineApplication {
    public static final String SYSTEM = "pipeline-engine";

    public static void main(String[] args) {
        PlatformApplication.main(PipelineEngineApplication.class, SYSTEM, args);
    }
}
