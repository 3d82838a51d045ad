package io.multisystem.pipeline.window;

/**
 * A half-open event-time interval {@code [start, end)} in epoch milliseconds. A timestamp {@code t} is in the window
 * when {@code start <= t < end}; the window is complete once the watermark reaches {@link #maxTimestamp()}.
 */
public record Window(long start, long end) implements Comparable<Window>, java.io.Serializable {
    public Window {
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " must be after start " + start);
        }
    }

    /** The largest timestamp inside the window, {@code end - 1}. */
    public long maxTimestamp() {
        return end - 1;
    }

    public boolean contains(long timestamp) {
        return start <= timestamp && timestamp < end;
    }

    /** Whether the two windows share at least one timestamp (touching windows do not). */
    public boolean overlaps(Window other) {
        return start < other.end && other.start < end;
    }

    /** The smallest window covering both. */
    public Window cover(Window other) {
        return new Window(Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public int compareTo(Window o) {
        int c = Long.compare(start, o.start);
        return c != 0 ? c : Long.compare(end, o.end);
    }
}
