package io.multisystem.core.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformEnvironmentPostProcessorTest {

    private static StandardEnvironment environmentWith(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new PlatformEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void servicesBindToLoopbackWithHealthReflectionAndNoOtlpPushByDefault() {
        StandardEnvironment environment = environmentWith(Map.of());

        assertThat(environment.getProperty("spring.grpc.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("spring.grpc.server.health.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.grpc.server.reflection.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
    }

    @Test
    void bindAddressMovesBothServersAndUserSettingsWin() {
        StandardEnvironment environment = environmentWith(Map.of("multisystem.bind-address", "0.0.0.0",
                "management.otlp.metrics.export.enabled", "true"));

        assertThat(environment.getProperty("spring.grpc.server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
    }

    @Test
    void jsonLoggingPropertySwitchesTheConsoleToStructuredLogs() {
        StandardEnvironment environment = environmentWith(Map.of("multisystem.logging.json", "true"));

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }
}
