package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTest {

    @Test
    void idsCarryVersion7TheRfcVariantAndTheirCreationMillisecond() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-22T03:53:13.123Z"));
        Id id = new IdGenerator(clock, new Random(1)).next();

        UUID uuid = id.toUuid();
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(id.createdAt()).isEqualTo(Instant.parse("2026-11-22T03:53:13.123Z"));
    }

    @Test
    void idsWithinOneMillisecondStillIncreaseStrictly() {
        FakeClock frozen = FakeClock.atEpochOfTests();
        IdGenerator generator = new IdGenerator(frozen, new Random(7));
        List<Id> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(generator.next());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
        assertThat(ids.get(ids.size() - 1).unixMillis()).isGreaterThanOrEqualTo(frozen.millis());
    }

    @Test
    void aClockThatGoesBackwardsNeverProducesASmallerId() {
        FakeClock clock = FakeClock.atEpochOfTests();
        IdGenerator generator = new IdGenerator(clock, new Random(3));
        Id before = generator.next();
        clock.set(clock.instant().minus(Duration.ofSeconds(5)));

        assertThat(generator.next()).isGreaterThan(before);
    }

    @Test
    void idsFromManyThreadsAreUniqueAndSortByCreation() throws InterruptedException {
        IdGenerator generator = IdGenerator.systemDefault();
        ConcurrentLinkedQueue<Id> all = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    all.add(generator.next());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(all).hasSize(40_000).doesNotHaveDuplicates();
    }

    @Test
    void textFormRoundTripsAndSortsLikeTheIds() {
        IdGenerator generator = IdGenerator.systemDefault();
        List<Id> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(generator.next());
        }
        List<String> texts = new ArrayList<>(ids.stream().map(Id::toString).toList());
        Collections.shuffle(texts, new Random(5));
        Collections.sort(texts);

        assertThat(texts.stream().map(Id::parse).toList()).isEqualTo(ids);
        assertThat(Id.parse(ids.get(0).toString().toUpperCase())).isEqualTo(ids.get(0));
    }

    @Test
    void nonV7OrMalformedTextIsRejectedWithTheReason() {
        assertThatThrownBy(() -> Id.parse(UUID.randomUUID().toString())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("version 7");
        assertThatThrownBy(() -> Id.parse("not-an-id")).hasMessageContaining("8-4-4-4-12");
        assertThatThrownBy(() -> Id.parse("0190f3a2-7b4c-7d1e-8f00-12345678901")).hasMessageContaining("8-4-4-4-12");
    }
}
