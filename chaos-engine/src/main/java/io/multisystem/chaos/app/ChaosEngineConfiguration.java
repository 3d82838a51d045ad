package io.multisystem.chaos.app;

import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.chaos.toxiproxy.ToxiproxyServer;
import io.multisystem.core.boot.PlatformApplication;
import io.multisystem.core.boot.PlatformProperties;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Starts the Toxiproxy-compatible fault proxy with the service, on the platform's bind address. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChaosEngineProperties.class)
class ChaosEngineConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "multisystem.chaos.proxy-api.enabled", matchIfMissing = true)
    ToxiproxyServer toxiproxyServer(ChaosEngineProperties properties, PlatformProperties platform, Clock clock) {
        ChaosEngineProperties.ProxyApi api = properties.proxyApi();
        FaultProxyOptions options = FaultProxyOptions.defaults().withIoThreads(api.ioThreads()).withClock(clock);
        if (api.defaultToxicExpiry() != null) {
            options = options.withDefaultToxicExpiry(api.defaultToxicExpiry());
        }
        try {
            return ToxiproxyServer.builder()
                    .apiHost(platform.bindAddress().getHostAddress())
                    .apiPort(api.port())
                    .engineOptions(options)
                    .start();
        } catch (PlatformException e) {
            if (!ProxyErrors.LISTEN_FAILED.equals(e.code())) {
                throw e;
            }
            throw new UnavailableException(ChaosEngineApplication.SYSTEM, PlatformApplication.PORT_IN_USE,
                    Severity.FATAL, e.getMessage() + " (property multisystem.chaos.proxy-api.port)", e.details(), e);
        }
    }
}
