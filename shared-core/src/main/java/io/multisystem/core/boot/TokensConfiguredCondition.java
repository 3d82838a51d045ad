package io.multisystem.core.boot;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when a token file is configured or the token environment variable is set: authentication is then on. */
final class TokensConfiguredCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        if (env.getProperty("multisystem.security.tokens-file", "").isBlank()) {
            String variable = env.getProperty("multisystem.security.tokens-env", "MULTISYSTEM_TOKENS");
            String value = System.getenv(variable);
            return value != null && !value.isBlank();
        }
        return true;
    }
}
