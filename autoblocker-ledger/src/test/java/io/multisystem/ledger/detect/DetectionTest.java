package io.multisystem.ledger.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void jailBansAfterMaxretryWithinFindtimeAndIncrementsTheBantime() {
        Jail jail = new Jail("sshd", 3, Duration.ofMinutes(10), Duration.ofMinutes(10), true, 1.0, Duration.ofHours(1));
        assertThat(jail.fail("a", T0, "e1")).isNull();
        assertThat(jail.fail("a", T0.plusSeconds(700), "e2")).isNull();
        assertThat(jail.fail("a", T0.plusSeconds(701), "e3")).isNull();
        Jail.Ban first = jail.fail("a", T0.plusSeconds(702), "e4");
        assertThat(first).isNotNull();
        assertThat(first.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(first.evidence()).containsExactly("e2", "e3", "e4");
        Instant later = T0.plusSeconds(702 + 601);
        jail.fail("a", later, "e5");
        jail.fail("a", later.plusSeconds(1), "e6");
        Jail.Ban second = jail.fail("a", later.plusSeconds(2), "e7");
        assertThat(second.duration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(second.banCount()).isEqualTo(2);
    }

    @Test
    void leakyBucketOverflowsOnlyWhenEventsOutpaceTheLeakAndReplaysIdentically() {
        for (int run = 0; run < 2; run++) {
            LeakyBucket b = new LeakyBucket("http-crawl", 3, Duration.ofSeconds(10), Duration.ofMinutes(1), Event::source);
            long t = T0.toEpochMilli();
            assertThat(b.add("x", t)).isNull();
            assertThat(b.add("x", t + 10_000)).isNull();
            assertThat(b.add("x", t + 20_000)).isNull();
            assertThat(b.add("x", t + 30_000)).isNull();
            assertThat(b.add("y", t)).isNull();
            assertThat(b.add("y", t + 1)).isNull();
            assertThat(b.add("y", t + 2)).isNull();
            assertThat(b.add("y", t + 3)).isEqualTo("y");
            assertThat(b.add("y", t + 4)).as("blackholed").isNull();
            assertThat(b.overflows()).isEqualTo(1);
        }
    }

    @Test
    void triggerBucketOverflowsOnTheFirstEvent() {
        LeakyBucket trigger = new LeakyBucket("exploit", 0, Duration.ofSeconds(1), Duration.ofMinutes(5), Event::source);
        assertThat(trigger.add("z", 0)).isEqualTo("z");
    }
}
