package io.multisystem.pipeline.window;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WindowAssignerProperties {
    @Property(tries = 500)
    void slidingWindowsAssignExactlyTheAlignedWindowsContainingTheTimestamp(
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long timestamp,
            @ForAll @IntRange(min = 1, max = 50) int slide, @ForAll @IntRange(min = 1, max = 6) int slidesPerSize,
            @ForAll @IntRange(min = 0, max = 3) int extra) {
        long size = (long) slide * slidesPerSize + Math.min(extra, slide - 1);
        WindowAssigner assigner = WindowAssigner.sliding(Duration.ofMillis(size), Duration.ofMillis(slide));

        List<Window> assigned = assigner.assign(timestamp);

        Set<Window> expected = new HashSet<>();
        for (long start = Math.floorDiv(timestamp - size, slide) * slide; start <= timestamp; start += slide) {
            Window w = new Window(start, start + size);
            if (w.contains(timestamp)) {
                expected.add(w);
            }
        }
        assertThat(assigned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(assigned).isSorted();
    }

    @Property(tries = 300)
    void tumblingWindowsPutEveryTimestampInExactlyOneWindowOfTheSize(
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long timestamp,
            @ForAll @IntRange(min = 1, max = 10_000) int size) {
        List<Window> assigned = WindowAssigner.tumbling(Duration.ofMillis(size)).assign(timestamp);

        assertThat(assigned).hasSize(1);
        Window w = assigned.get(0);
        assertThat(w.contains(timestamp)).isTrue();
        assertThat(w.end() - w.start()).isEqualTo(size);
        assertThat(Math.floorMod(w.start(), size)).isZero();
    }

    @Property(tries = 200)
    void sessionProtoWindowStartsAtTheEventAndSpansTheGap(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long t,
            @ForAll @IntRange(min = 1, max = 1000) int gap) {
        assertThat(WindowAssigner.session(Duration.ofMillis(gap)).assign(t)).containsExactly(new Window(t, t + gap));
    }
}
