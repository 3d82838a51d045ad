package io.multisystem.pipeline.window;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns an event timestamp to the windows it belongs to, following the Dataflow Model (Akidau et al., VLDB 2015):
 * windowing is a function of event time only, so the assignment never depends on arrival order or processing time.
 * Implementations are immutable and thread-safe.
 */
public interface WindowAssigner {
    /**
     * Every window that contains {@code timestamp}, in ascending order of start. For merging assigners this is the
     * proto-window of the single event, before merging.
     */
    List<Window> assign(long timestamp);

    /** Whether windows of different events of one key merge when they overlap (session windows). */
    boolean isMerging();

    /**
     * Fixed, non-overlapping windows of {@code size}, aligned to the epoch: {@code [k*size, (k+1)*size)}.
     *
     * @throws InvalidInputException (code {@code WINDOW_INVALID}) when size is not positive
     */
    static WindowAssigner tumbling(Duration size) {
        long s = positiveMillis(size, "/window/size");
        return new SlidingWindows(s, s);
    }

    /**
     * Windows of {@code size} starting every {@code slide}, aligned to the epoch; each timestamp is in
     * {@code ceil(size/slide)} or {@code floor(size/slide)} windows.
     *
     * @throws InvalidInputException (code {@code WINDOW_INVALID}) when size or slide is not positive, or slide is
     *                               larger than size (events would fall between windows)
     */
    static WindowAssigner sliding(Duration size, Duration slide) {
        long s = positiveMillis(size, "/window/size");
        long sl = positiveMillis(slide, "/window/slide");
        if (sl > s) {
            throw new InvalidInputException(Errors.COMPONENT, "WINDOW_INVALID",
                    "/window/slide: slide " + slide + " is larger than size " + size
                            + "; use a slide at most the size so every event falls in a window");
        }
        return new SlidingWindows(s, sl);
    }

    /**
     * Session windows: an event at {@code t} opens {@code [t, t+gap)}, and overlapping windows of one key merge.
     * Two events of a key share a session exactly when a chain of events less than {@code gap} apart links them.
     *
     * @throws InvalidInputException (code {@code WINDOW_INVALID}) when gap is not positive
     */
    static WindowAssigner session(Duration gap) {
        return new SessionWindows(positiveMillis(gap, "/window/gap"));
    }

    /**
     * One window holding all of time, {@code [Long.MIN_VALUE, Long.MAX_VALUE)}: it fires only at the end of the input
     * (the final watermark), so a keyed aggregation over it is a plain per-key aggregation.
     */
    static WindowAssigner global() {
        return GlobalWindow.INSTANCE;
    }

    private static long positiveMillis(Duration d, String path) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new InvalidInputException(Errors.COMPONENT, "WINDOW_INVALID",
                    path + ": must be a positive duration of at least 1 ms, got " + d);
        }
        return d.toMillis();
    }
}

/** Tumbling windows are sliding windows whose slide equals their size. */
final class SlidingWindows implements WindowAssigner {
    private final long size;
    private final long slide;

    SlidingWindows(long size, long slide) {
        this.size = size;
        this.slide = slide;
    }

    @Override
    public List<Window> assign(long timestamp) {
        long lastStart = timestamp - Math.floorMod(timestamp, slide);
        List<Window> windows = new ArrayList<>((int) ((size + slide - 1) / slide));
        for (long start = lastStart; start > timestamp - size; start -= slide) {
            windows.add(new Window(start, start + size));
        }
        java.util.Collections.reverse(windows);
        return windows;
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public String toString() {
        return size == slide ? "tumbling(" + size + "ms)" : "sliding(" + size + "ms, " + slide + "ms)";
    }
}

final class SessionWindows implements WindowAssigner {
    private final long gap;

    SessionWindows(long gap) {
        this.gap = gap;
    }

    @Override
    public List<Window> assign(long timestamp) {
        return List.of(new Window(timestamp, timestamp + gap));
    }

    @Override
    public boolean isMerging() {
        return true;
    }

    @Override
    public String toString() {
        return "session(" + gap + "ms)";
    }
}

/** The single all-of-time window. */
final class GlobalWindow implements WindowAssigner {
    static final GlobalWindow INSTANCE = new GlobalWindow();
    private static final List<Window> ALL = List.of(new Window(Long.MIN_VALUE, Long.MAX_VALUE));

    @Override
    public List<Window> assign(long timestamp) {
        return ALL;
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public String toString() {
        return "global";
    }
}
