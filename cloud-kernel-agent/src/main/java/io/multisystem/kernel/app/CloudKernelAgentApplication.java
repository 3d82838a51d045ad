package io.multisystem.kernel.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The cloud-kernel-agent service: gRPC on 9104, HTTP actuator on 8104 by default. Start it with {@code bin/cloud-kernel-agent serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.kernel")
public class CloudKernelAgentApplication {
    public static final String SYSTEM = "cloud-kernel-agent";

    public static void main(String[] args) {
        PlatformApplication.main(CloudKernelAgentApplication.class, SYSTEM, args);
    }
}
