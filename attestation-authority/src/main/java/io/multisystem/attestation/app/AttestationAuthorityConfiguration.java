package io.multisystem.attestation.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.AuthorityOptions;
import io.multisystem.attestation.grpc.AttestationGrpcService;
import io.multisystem.attestation.grpc.AuthorityMetrics;
import io.multisystem.attestation.grpc.TransparencyLogGrpcService;
import io.multisystem.attestation.store.Database;
import io.multisystem.attestation.store.StoreSettings;
import io.multisystem.core.boot.DataDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Wires the authority on its database, and serves it over gRPC with metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AttestationAuthorityProperties.class)
class AttestationAuthorityConfiguration {

    @Bean
    StoreSettings attestationStoreSettings(AttestationAuthorityProperties properties, DataDirectory dataDirectory) {
        return new StoreSettings(properties.store(), properties.jdbcUrl(), dataDirectory.path(),
                Optional.ofNullable(properties.kekFile()), properties.kekEnv());
    }

    @Bean(destroyMethod = "close")
    Database attestationDatabase(StoreSettings settings) {
        return settings.openDatabase();
    }

    @Bean(destroyMethod = "close")
    Authority authority(Database database, StoreSettings settings, AttestationAuthorityProperties properties,
            Clock clock) {
        AuthorityOptions options = new AuthorityOptions(properties.origin(), properties.pollInterval(),
                properties.statusListId(), Duration.ofMinutes(5), properties.issueTimeout());
        return Authority.open(database, settings.loadKek(System::getenv), options, clock);
    }

    @Bean
    AuthorityMetrics authorityMetrics(MeterRegistry registry, Authority authority) {
        return new AuthorityMetrics(registry, authority);
    }

    @Bean
    AttestationGrpcService attestationGrpcService(Authority authority, AuthorityMetrics metrics) {
        return new AttestationGrpcService(authority, metrics);
    }

    @Bean
    TransparencyLogGrpcService transparencyLogGrpcService(Authority authority) {
        return new TransparencyLogGrpcService(authority);
    }
}
