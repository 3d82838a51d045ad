package io.multisystem.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for command-line runs. Without a configuration file logback logs everything at DEBUG to stdout, which
 * would mix library chatter into results and break {@code --output json}. A CLI run therefore sends logs to stderr,
 * at WARN (INFO with {@code --verbose}). {@code serve} is unaffected: Spring Boot resets and reconfigures logback when
 * the application starts.
 */
final class CliLogging {
    private CliLogging() {
    }

    /** Routes every log event to stderr, at WARN, or at INFO when {@code verbose}. A no-op for other bindings. */
    static void toStderr(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{36} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? Level.INFO : Level.WARN);
        root.addAppender(appender);
    }
}
