package io.multisystem.core.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.multisystem.core.error.InvalidInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens channels to other systems (or to a system from its CLI) with the platform's defaults: a default deadline on
 * every call, an optional bearer token, and TLS when a trust bundle is given (plaintext otherwise, meant for loopback).
 * Immutable and thread-safe; the caller owns and must shut down the channels it gets.
 */
public final class GrpcClientFactory {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private final Duration defaultDeadline;
    private final Optional<String> token;
    private final Optional<Path> trustedCertificates;

    private GrpcClientFactory(Duration defaultDeadline, Optional<String> token, Optional<Path> trustedCertificates) {
        this.defaultDeadline = defaultDeadline;
        this.token = token;
        this.trustedCertificates = trustedCertificates;
    }

    /** Plaintext, no token, {@link #DEFAULT_DEADLINE}. */
    public static GrpcClientFactory plaintext() {
        return new GrpcClientFactory(DEFAULT_DEADLINE, Optional.empty(), Optional.empty());
    }

    public GrpcClientFactory withDefaultDeadline(Duration deadline) {
        return new GrpcClientFactory(Objects.requireNonNull(deadline), token, trustedCertificates);
    }

    public GrpcClientFactory withToken(String bearerToken) {
        return new GrpcClientFactory(defaultDeadline, Optional.of(bearerToken), trustedCertificates);
    }

    /** Use TLS, trusting the PEM certificates in {@code caBundle}. */
    public GrpcClientFactory withTls(Path caBundle) {
        return new GrpcClientFactory(defaultDeadline, token, Optional.of(caBundle));
    }

    /**
     * A channel to {@code host:port}.
     *
     * @throws InvalidInputException code {@code SERVER_ADDRESS_INVALID} if the target is not {@code host:port}, or
     *         {@code TLS_CONFIG_INVALID} if the CA bundle cannot be read
     */
    public ManagedChannel open(String target) {
        ServerAddress address = ServerAddress.parse(target);
        ChannelCredentials credentials = transportCredentials();
        if (token.isPresent()) {
            credentials = CompositeChannelCredentials.create(credentials, new BearerTokenCredentials(token.get()));
        }
        return Grpc.newChannelBuilderForAddress(address.host(), address.port(), credentials)
                .intercept(new DefaultDeadlineInterceptor(defaultDeadline))
                .build();
    }

    private ChannelCredentials transportCredentials() {
        if (trustedCertificates.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(trustedCertificates.get().toFile()).build();
        } catch (IOException e) {
            throw new InvalidInputException("shared-core", "TLS_CONFIG_INVALID",
                    "cannot read CA bundle " + trustedCertificates.get() + ": " + e.getMessage());
        }
    }
}
