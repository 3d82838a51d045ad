package io.multisystem.ledger.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The autoblocker-ledger service: gRPC on 9102, HTTP actuator on 8102 by default. Start it with {@code bin/autoblocker-ledger serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.ledger")
public class AutoblockerLedgerApplication {
    public static final String SYSTEM = "autoblocker-ledger";

    public static void main(String[] args) {
        PlatformApplication.main(AutoblockerLedgerApplication.class, SYSTEM, args);
    }
}
