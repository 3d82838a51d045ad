package io.multisystem.core.boot;

import io.multisystem.core.error.InvalidInputException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code <system> serve}: runs the service until it is stopped (SIGTERM or SIGINT closes it gracefully). Options
 * map to Spring properties; any further {@code --name=value} is passed to Spring as a property.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the service: gRPC (with health and reflection) and the HTTP actuator.")
public final class ServeCommand implements Callable<Integer> {
    private final Class<?> application;
    private final String system;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port (0 picks a free one).")
    Integer grpcPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP actuator port (0 picks a free one).")
    Integer httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    String bindAddress;

    @Option(names = "--home", paramLabel = "DIR", description = "Data root (default $MULTISYSTEM_HOME or ~/.multisystem).")
    Path home;

    @Option(names = "--tokens-file", paramLabel = "FILE", description = "Require bearer tokens listed in FILE.")
    Path tokensFile;

    @Option(names = "--json-logs", description = "Structured JSON (ECS) logs on the console.")
    boolean jsonLogs;

    @Option(names = {"-v", "--verbose"}, description = "Print the full cause of a startup failure.")
    boolean verbose;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    public ServeCommand(Class<?> application, String system) {
        this.application = application;
        this.system = system;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        for (String extra : springArguments) {
            if (!extra.startsWith("--") || !extra.contains("=")) {
                throw new InvalidInputException(system, "USAGE", "unexpected argument '" + extra
                        + "'; 'serve' takes its options and Spring properties written --name=value");
            }
            args.add(extra);
        }
        if (grpcPort != null) {
            args.add("--spring.grpc.server.port=" + grpcPort);
        }
        if (httpPort != null) {
            args.add("--server.port=" + httpPort);
        }
        if (bindAddress != null) {
            args.add("--multisystem.bind-address=" + bindAddress);
        }
        if (home != null) {
            args.add("--multisystem.home=" + home);
        }
        if (tokensFile != null) {
            args.add("--multisystem.security.tokens-file=" + tokensFile);
        }
        if (jsonLogs) {
            args.add("--multisystem.logging.json=true");
        }
        CountDownLatch closed = new CountDownLatch(1);
        ApplicationListener<ContextClosedEvent> onClose = event -> closed.countDown();
        ConfigurableApplicationContext context = PlatformApplication.start(application, system, args, onClose);
        System.err.println(describe(context));
        closed.await();
        return 0;
    }

    private String describe(ConfigurableApplicationContext context) {
        String address = context.getEnvironment().getProperty("multisystem.bind-address", "127.0.0.1");
        String grpc = context.getBean(GrpcServerPort.class).port().stream().mapToObj(String::valueOf).findFirst()
                .orElse(context.getEnvironment().getProperty("spring.grpc.server.port", "?"));
        String http = context instanceof WebServerApplicationContext web
                ? String.valueOf(web.getWebServer().getPort()) : "-";
        return system + " serving: gRPC " + address + ":" + grpc + ", HTTP " + address + ":" + http + ", data "
                + context.getBean(DataDirectory.class).path();
    }
}
