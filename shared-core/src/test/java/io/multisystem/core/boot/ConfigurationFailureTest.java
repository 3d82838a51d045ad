package io.multisystem.core.boot;

import io.multisystem.core.boot.sample.SampleApplication;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationFailureTest {
    /** Spring's own failure logs are expected here; keep them out of the build output. */
    private static final String QUIET = "--logging.level.root=off";

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "multisystem.client.default-deadline, banana, expected a duration",
        "multisystem.client.default-deadline, -5s, positive duration",
        "server.port, eighty, expected a whole number",
        "multisystem.system, Not_A_Name, lowercase system name",
        "multisystem.logging.json, maybe, expected true or false",
    })
    void badValueStopsStartupWithOneLineNamingTheProperty(String property, String value, String expected) {
        PlatformException error = catchThrowableOfType(PlatformException.class,
                () -> PlatformApplication.start(SampleApplication.class, SampleApplication.SYSTEM,
                        List.of(QUIET, "--multisystem.home=" + home, "--spring.grpc.server.port=0", "--server.port=0",
                                "--" + property + "=" + value)));

        assertThat(error.code()).isEqualTo(PlatformApplication.CONFIG_INVALID);
        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(error.getMessage()).contains("'" + property + "'").contains(expected).doesNotContain("\n");
    }

    @Test
    void serveCommandExitsWith2AndPrintsTheOneLineOnStderr() {
        CliHarness.Result result = CliHarness.run(() -> CliRunnerFor.sample(), "serve", QUIET,
                "--home=" + home, "--grpc-port=0", "--http-port=0", "--multisystem.client.default-deadline=banana");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("error CONFIG_INVALID: invalid configuration: property "
                + "'multisystem.client.default-deadline' = 'banana'");
    }

    @Test
    void unwritableDataDirectoryIsReportedAsUnavailableWithTheFix() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("file"), "x");
        PlatformException error = catchThrowableOfType(PlatformException.class,
                () -> PlatformApplication.start(SampleApplication.class, SampleApplication.SYSTEM,
                        List.of(QUIET, "--multisystem.home=" + notADirectory, "--spring.grpc.server.port=0",
                                "--server.port=0")));

        assertThat(error.code()).isEqualTo("DATA_DIRECTORY_UNUSABLE");
        assertThat(error.getMessage()).contains("MULTISYSTEM_HOME");
    }

    /** The sample system's command line, as a system's CLI class builds it. */
    static final class CliRunnerFor {
        static CommandLine sample() {
            return io.multisystem.core.cli.CliRunner.commandLine(new Root())
                    .addSubcommand(new ServeCommand(SampleApplication.class, SampleApplication.SYSTEM));
        }

        @CommandLine.Command(name = "sample-system")
        static final class Root {
        }
    }
}
