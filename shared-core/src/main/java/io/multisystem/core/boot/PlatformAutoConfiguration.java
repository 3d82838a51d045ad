package io.multisystem.core.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.grpc.AccessTokens;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.core.grpc.TokenAuthInterceptor;
import io.multisystem.core.types.IdGenerator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The Spring wiring every system gets from shared-core: typed platform properties, the data directory, the gRPC error
 * mapping, token authentication when tokens are configured, common metric tags, a clock and an id generator.
 */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock platformClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    IdGenerator platformIdGenerator() {
        return IdGenerator.systemDefault();
    }

    @Bean
    DataDirectory platformDataDirectory(PlatformProperties properties) {
        Path directory = properties.dataDirectory();
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new PlatformException(ErrorKind.UNAVAILABLE, properties.system(), "DATA_DIRECTORY_UNUSABLE",
                    Severity.FATAL, "cannot create data directory " + directory + " (multisystem.home="
                    + properties.home() + "): " + e.getMessage() + "; set MULTISYSTEM_HOME to a writable directory",
                    Map.of("path", directory.toString()), e);
        }
        if (!Files.isWritable(directory)) {
            throw new PlatformException(ErrorKind.UNAVAILABLE, properties.system(), "DATA_DIRECTORY_UNUSABLE",
                    Severity.FATAL, "data directory " + directory + " is not writable; set MULTISYSTEM_HOME to a "
                    + "writable directory", Map.of("path", directory.toString()), null);
        }
        return new DataDirectory(directory);
    }

    @Bean
    GrpcExceptionHandler platformGrpcExceptionHandler() {
        return GrpcErrors::toStatusException;
    }

    @Bean
    @GlobalServerInterceptor
    @Conditional(TokensConfiguredCondition.class)
    TokenAuthInterceptor platformTokenAuthInterceptor(PlatformProperties properties) {
        AccessTokens tokens = AccessTokens.load(Optional.ofNullable(properties.security().tokensFile()),
                properties.security().tokensEnv()).orElseThrow();
        return new TokenAuthInterceptor(tokens);
    }

    @Bean
    @ConditionalOnMissingBean
    GrpcClientFactory platformGrpcClientFactory(PlatformProperties properties) {
        return GrpcClientFactory.plaintext().withDefaultDeadline(properties.client().defaultDeadline());
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> platformCommonTags(PlatformProperties properties) {
        return registry -> registry.config().commonTags("system", properties.system(), "instance",
                instanceName(properties));
    }

    @Bean
    PlatformInfoService platformInfoService(PlatformProperties properties, DataDirectory dataDirectory, Clock clock) {
        return new PlatformInfoService(properties.system(), instanceName(properties), dataDirectory.path().toString(),
                clock);
    }

    private static String instanceName(PlatformProperties properties) {
        return properties.instance() != null && !properties.instance().isBlank() ? properties.instance() : hostName();
    }

    @Bean
    GrpcServerPort platformGrpcServerPort() {
        return new GrpcServerPort();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
