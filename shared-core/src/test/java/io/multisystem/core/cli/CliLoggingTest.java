package io.multisystem.core.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CliLoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger("some.library");

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void libraryLogsGoToStderrAtWarnAndNeverToStdout() {
        Captured captured = capture(() -> {
            CliLogging.toStderr(false);
            LOG.info("chatty detail");
            LOG.warn("something to know");
        });

        assertThat(captured.out()).isEmpty();
        assertThat(captured.err()).contains("WARN some.library - something to know").doesNotContain("chatty detail");
    }

    @Test
    void verboseAlsoShowsInfo() {
        Captured captured = capture(() -> {
            CliLogging.toStderr(true);
            LOG.info("chatty detail");
            LOG.debug("debug detail");
        });

        assertThat(captured.out()).isEmpty();
        assertThat(captured.err()).contains("chatty detail").doesNotContain("debug detail");
    }

    private record Captured(String out, String err) {
    }

    private static Captured capture(Runnable action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Captured(outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
}
