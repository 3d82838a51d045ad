package io.multisystem.parallel.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multisystem.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final TaskEngine engine = TaskEngine.builder().parallelism(2).build();

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void transientFailuresAreRetriedUntilTheTaskSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        Task<String> flaky = Task.<String>of("flaky", args -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "ok";
        }).withRetry(RetryPolicy.exponential(3, Duration.ofMillis(1), IOException.class));

        assertThat(engine.submit(flaky).get(WAIT)).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
        assertThat(engine.stats().retries()).isEqualTo(2);
    }

    @Test
    void failureNotDeclaredTransientIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Task<String> broken = Task.<String>of("broken", args -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("bad state");
        }).withRetry(RetryPolicy.exponential(5, Duration.ofMillis(1), IOException.class));

        assertThatThrownBy(() -> engine.submit(broken).get(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void lastTransientFailureIsReportedWhenAttemptsRunOut() {
        AtomicInteger attempts = new AtomicInteger();
        Task<String> down = Task.<String>of("down", args -> {
            throw new UncheckedIOException(new IOException("attempt " + attempts.incrementAndGet()));
        }).withRetry(RetryPolicy.exponential(3, Duration.ZERO, UncheckedIOException.class));

        assertThatThrownBy(() -> engine.submit(down).get(WAIT))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.getMessage()).endsWith("attempt 3"));
        assertThat(attempts).hasValue(3);
    }

    @Test
    void backoffGrowsGeometricallyUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(10), 2.0, Duration.ofMillis(50),
                List.of(IOException.class));

        assertThat(policy.backoffBeforeRetry(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.backoffBeforeRetry(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.backoffBeforeRetry(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(policy.backoffBeforeRetry(4)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.backoffBeforeRetry(60)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void invalidPolicyNamesTheFieldToFix() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1.0, Duration.ZERO, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_RETRY_POLICY");
                    assertThat(e.getMessage()).contains("maxAttempts");
                });
    }
}
