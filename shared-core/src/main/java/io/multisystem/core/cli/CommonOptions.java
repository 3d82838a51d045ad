package io.multisystem.core.cli;

import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.grpc.ServerAddress;
import io.multisystem.core.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Options every domain command takes, mixed in with {@code @Mixin CommonOptions common;}. Without {@code --server}
 * a command runs the engine in-process; with it, it calls the running service.
 */
public final class CommonOptions {
    /** Environment variable holding the bearer token for {@code --server} calls, when no token file is given. */
    public static final String TOKEN_ENV = "MULTISYSTEM_TOKEN";

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
            description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--server", paramLabel = "host:port",
            description = "Call a running service instead of running the engine in-process.")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token for --server (default: $" + TOKEN_ENV + ").")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Use TLS for --server, trusting these PEM CAs.")
    Path tlsCa;

    @Option(names = "--deadline", defaultValue = "30s", paramLabel = "DURATION",
            description = "Deadline of each call to --server, e.g. 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration deadline = Duration.ofSeconds(30);

    @Option(names = {"-v", "--verbose"}, description = "Print error details and stack traces.")
    boolean verbose;

    public OutputFormat output() {
        return output;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The service to call, if {@code --server} was given. */
    public Optional<ServerAddress> server() {
        return server == null ? Optional.empty() : Optional.of(ServerAddress.parse(server));
    }

    /** A client factory configured from these options (deadline, token, TLS). */
    public GrpcClientFactory clientFactory() {
        GrpcClientFactory factory = GrpcClientFactory.plaintext().withDefaultDeadline(deadline);
        Optional<String> token = token();
        if (token.isPresent()) {
            factory = factory.withToken(token.get());
        }
        if (tlsCa != null) {
            factory = factory.withTls(tlsCa);
        }
        return factory;
    }

    private Optional<String> token() {
        if (tokenFile != null) {
            try {
                return Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new InvalidInputException("cli", "TOKEN_FILE_UNREADABLE",
                        "cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
    }

    /** A console printing in the chosen format. */
    public Console console() {
        return new Console(System.out, System.err, output);
    }
}
