package io.multisystem.contract.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The contract-compiler service: gRPC on 9105, HTTP actuator on 8105 by default. Start it with {@code bin/contract-compiler serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.contract")
public class ContractCompilerApplication {
    public static final String SYSTEM = "contract-compiler";

    public static void main(String[] args) {
        PlatformApplication.main(ContractCompilerApplication.class, SYSTEM, args);
    }
}
