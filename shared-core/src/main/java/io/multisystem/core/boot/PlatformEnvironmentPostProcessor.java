package io.multisystem.core.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every service the platform's defaults, at the lowest precedence so that any property file, environment
 * variable or command-line argument overrides them:
 * <ul>
 *   <li>gRPC and HTTP bound to {@code multisystem.bind-address} (loopback unless set);</li>
 *   <li>gRPC health and reflection on; actuator exposes health, info and prometheus;</li>
 *   <li>nothing pushed over OTLP unless an endpoint is configured (metrics export off, log export off);</li>
 *   <li>{@code multisystem.home} from {@code MULTISYSTEM_HOME} or {@code ~/.multisystem};</li>
 *   <li>{@code multisystem.logging.json=true} switches console logs to structured JSON (ECS).</li>
 * </ul>
 */
public final class PlatformEnvironmentPostProcessor implements EnvironmentPostProcessor {
    static final String SOURCE_NAME = "multisystemDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("multisystem.bind-address", "127.0.0.1");
        defaults.put("multisystem.home", Path.of(System.getProperty("user.home"), ".multisystem").toString());
        defaults.put("server.address", "${multisystem.bind-address}");
        defaults.put("spring.grpc.server.address", "${multisystem.bind-address}");
        defaults.put("spring.grpc.server.health.enabled", "true");
        defaults.put("spring.grpc.server.reflection.enabled", "true");
        defaults.put("spring.grpc.server.shutdown.grace-period", "5s");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.otlp.metrics.export.enabled", "false");
        defaults.put("management.logging.export.otlp.enabled", "false");
        defaults.put("spring.main.banner-mode", "off");
        if ("true".equalsIgnoreCase(environment.getProperty("multisystem.logging.json"))) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
