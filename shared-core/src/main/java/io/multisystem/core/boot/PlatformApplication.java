package io.multisystem.core.boot;

import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.Map;

/** Starts a system's Spring Boot application with the platform's conventions and turns startup failures into errors. */
public final class PlatformApplication {
    /** Error code of a configuration value that stops startup. */
    public static final String CONFIG_INVALID = "CONFIG_INVALID";
    /** Error code of a port that is already taken. */
    public static final String PORT_IN_USE = "PORT_IN_USE";

    private PlatformApplication() {
    }

    /** {@code main} of a system's application class: the same as its CLI's {@code serve} command. */
    public static void main(Class<?> application, String system, String[] args) {
        CliRunner.exit(CliRunner.commandLine(new ServeCommand(application, system)), args);
    }

    /**
     * Starts the application and returns its running context.
     *
     * @param listeners extra listeners registered before the context refreshes
     * @throws PlatformException {@value #CONFIG_INVALID} (one line naming the property) for a bad configuration value,
     *         {@value #PORT_IN_USE} when a port is taken, or the platform error that stopped startup
     */
    public static ConfigurableApplicationContext start(Class<?> application, String system, List<String> args,
            ApplicationListener<?>... listeners) {
        SpringApplication spring = new SpringApplication(application);
        spring.setDefaultProperties(Map.of("multisystem.system", system, "spring.application.name", system));
        spring.addListeners(listeners);
        try {
            return spring.run(args.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            throw startupFailure(system, e);
        }
    }

    static PlatformException startupFailure(String system, Throwable failure) {
        var problem = ConfigurationProblem.find(failure);
        if (problem.isPresent()) {
            return new InvalidInputException(system, CONFIG_INVALID, problem.get().oneLine(), List.of(),
                    Map.of("property", problem.get().property()), failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PlatformException pe) {
                return pe;
            }
            if (t instanceof PortInUseException portInUse) {
                return new UnavailableException(system, PORT_IN_USE, Severity.FATAL, "HTTP port " + portInUse.getPort()
                        + " is already in use; stop the other process or set --http-port",
                        Map.of("port", String.valueOf(portInUse.getPort())), failure);
            }
            if (t instanceof java.net.BindException bind) {
                return new UnavailableException(system, PORT_IN_USE, Severity.FATAL, "cannot bind the gRPC server: "
                        + bind.getMessage() + "; stop the other process or set --grpc-port", Map.of(), failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new PlatformException(ErrorKind.INTERNAL, system, "STARTUP_FAILED", Severity.FATAL,
                system + " failed to start: " + root, Map.of(), failure);
    }

}
