package io.multisystem.core.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** Progress of long work. Obtain one from {@link Console#progress}; close it when the work ends. */
public interface Progress extends AutoCloseable {
    /** Advances by {@code steps}. */
    void step(long steps);

    /** Sets an extra message shown next to the bar. */
    void message(String message);

    @Override
    void close();

    /** A progress that shows nothing. */
    static Progress none() {
        return new Progress() {
            @Override
            public void step(long steps) {
            }

            @Override
            public void message(String message) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A terminal progress bar on {@code stream}. */
    static Progress bar(String task, long total, PrintStream stream) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
        return new Progress() {
            @Override
            public void step(long steps) {
                bar.stepBy(steps);
            }

            @Override
            public void message(String message) {
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
