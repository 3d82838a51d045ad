package io.multisystem.core.cli;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CliRunnerTest {

    @Command(name = "demo")
    static final class Demo implements Callable<Integer> {
        @Parameters(index = "0")
        String outcome;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            return switch (outcome) {
                case "ok" -> {
                    common.console().result(Map.of("answer", 42), () -> "answer: 42");
                    yield ExitCode.SUCCESS.code();
                }
                case "no" -> ExitCode.DOMAIN_REJECTED.code();
                case "bad" -> throw new InvalidInputException("demo", "FILE_INVALID", "line 3, column 7: unexpected '}'");
                case "down" -> throw new UnavailableException("demo", "DATABASE_DOWN", "PostgreSQL at 127.0.0.1:5432 "
                        + "does not answer; start it or set TEST_PG_URL");
                case "precondition" -> throw new FailedPreconditionException("demo", "NOT_LEADER", "not the leader");
                default -> throw new IllegalStateException("bug");
            };
        }
    }

    private static CliHarness.Result run(String... args) {
        return CliHarness.run(() -> CliRunner.commandLine(new Demo()), args);
    }

    @Test
    void successPrintsTheResultInTheChosenFormat() {
        assertThat(run("ok").out()).contains("answer: 42");
        assertThat(run("ok", "--output", "json").out()).contains("\"answer\" : 42");
    }

    @Test
    void exitCodesFollowThePlatformConvention() {
        assertThat(run("ok").exitCode()).isEqualTo(0);
        assertThat(run("no").exitCode()).isEqualTo(1);
        assertThat(run("bad").exitCode()).isEqualTo(2);
        assertThat(run("down").exitCode()).isEqualTo(3);
        assertThat(run("precondition").exitCode()).isEqualTo(1);
        assertThat(run("boom").exitCode()).isEqualTo(70);
        assertThat(run("ok", "--no-such-option").exitCode()).isEqualTo(2);
    }

    @Test
    void errorsAreOneLineOnStderrWithCodeAndWhatToFix() {
        CliHarness.Result result = run("bad");

        assertThat(result.err().strip()).isEqualTo("error FILE_INVALID: line 3, column 7: unexpected '}'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void jsonModeReportsErrorsAsOneJsonObject() {
        String err = run("down", "--output", "json").err().strip();

        assertThat(err).doesNotContain("\n").startsWith("{\"error\":")
                .contains("\"code\":\"DATABASE_DOWN\"").contains("\"kind\":\"UNAVAILABLE\"");
    }

    @Test
    void verboseAddsTheStackTrace() {
        assertThat(run("boom").err()).doesNotContain("\tat ");
        assertThat(run("boom", "--verbose").err()).contains("\tat ");
    }

    @Test
    void usageErrorsPointToHelp() {
        assertThat(run().err()).contains("error USAGE").contains("--help");
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> converter.convert("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void healthOfAnUnreachableServiceExitsWith3AndSaysSo() {
        int port = io.multisystem.core.testing.FreePorts.next();
        CliHarness.Result result = CliHarness.run(() -> CliRunner.commandLine(new HealthCommand()),
                "127.0.0.1:" + port, "--timeout", "1s");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("UNREACHABLE");
    }
}
