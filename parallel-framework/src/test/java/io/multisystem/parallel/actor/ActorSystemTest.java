package io.multisystem.parallel.actor;

import io.multisystem.core.error.FailedPreconditionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ActorSystemTest {
    private final ActorSystem system = new ActorSystem(2);

    @AfterEach
    void close() {
        system.close();
    }

    sealed interface CounterMessage permits Add, Get {
    }

    record Add(int amount) implements CounterMessage {
    }

    record Get(ActorRef<Integer> replyTo) implements CounterMessage {
    }

    static final class Counter implements Behavior<CounterMessage> {
        private int total;

        @Override
        public void receive(ActorContext<CounterMessage> context, CounterMessage message) throws Exception {
            if (message instanceof Add add) {
                if (add.amount() < 0) {
                    throw new IllegalArgumentException("negative");
                }
                total += add.amount();
            } else if (message instanceof Get get) {
                get.replyTo().tell(total);
            }
        }
    }

    @Test
    void messagesFromManySendersAreEachHandledOnceWithoutLocks() throws Exception {
        ActorRef<CounterMessage> counter = system.spawn("counter", 16, new Counter());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    try {
                        counter.tell(new Add(1));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join(30_000);
            assertThat(sender.isAlive()).as("sender finished").isFalse();
        }

        Integer total = counter.<Integer>ask(Get::new, Duration.ofSeconds(5)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(total).isEqualTo(20_000);
    }

    @Test
    void aFullMailboxPushesBackOnTheSender() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ActorRef<String> slow = system.spawn("slow", 2, (context, message) -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        });
        slow.tell("first");
        assertThat(started.await(30, TimeUnit.SECONDS)).as("started").isTrue();
        slow.tell("queued-1");
        slow.tell("queued-2");

        boolean accepted = slow.offer("one too many", Duration.ofMillis(50));

        assertThat(accepted).isFalse();
        assertThat(slow.queued()).isEqualTo(2);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.queued() == 0);
        assertThat(slow.offer("fits again", Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void supervisionDecidesWhatAFailureDoes() throws Exception {
        ActorRef<CounterMessage> stopping = system.spawn("stopping", 8, Counter::new, Supervision.STOP);
        ActorRef<CounterMessage> resuming = system.spawn("resuming", 8, Counter::new, Supervision.RESUME);
        ActorRef<CounterMessage> restarting = system.spawn("restarting", 8, Counter::new, Supervision.RESTART);
        for (ActorRef<CounterMessage> actor : List.of(resuming, restarting)) {
            actor.tell(new Add(5));
            actor.tell(new Add(-1));
            actor.tell(new Add(2));
        }
        stopping.tell(new Add(-1));

        assertThat(ask(resuming)).isEqualTo(7);
        assertThat(ask(restarting)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(stopping::isStopped);
        assertThatThrownBy(() -> stopping.tell(new Add(1))).isInstanceOf(FailedPreconditionException.class)
                .extracting("code").isEqualTo("ACTOR_STOPPED");
        assertThat(system.failures()).isEqualTo(3);
    }

    @Test
    void anUnansweredAskTimesOut() throws Exception {
        ActorRef<CounterMessage> silent = system.spawn("silent", 4, (context, message) -> {
        });

        var reply = silent.<Integer>ask(Get::new, Duration.ofMillis(50)).toCompletableFuture();

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).hasMessageContaining("did not reply");
    }

    @Test
    void actorsOnlyAcceptValidMailboxesAndUniqueNames() {
        system.spawn("taken", 1, (context, message) -> {
        });

        assertThatThrownBy(() -> system.spawn("taken", 1, (context, message) -> {
        })).extracting("code").isEqualTo("ACTOR_EXISTS");
        assertThatThrownBy(() -> system.spawn("zero", 0, (context, message) -> {
        })).extracting("code").isEqualTo("INVALID_MAILBOX");
    }

    @Test
    void aBusyActorDoesNotStarveTheOthers() throws Exception {
        AtomicInteger quickHandled = new AtomicInteger();
        ActorRef<Integer> busy = system.spawn("busy", 10_000, (context, message) -> Thread.onSpinWait());
        ActorRef<Integer> quick = system.spawn("quick", 10, (context, message) -> quickHandled.incrementAndGet());
        for (int i = 0; i < 10_000; i++) {
            busy.tell(i);
        }

        quick.tell(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> quickHandled.get() == 1);
    }

    private static Integer ask(ActorRef<CounterMessage> actor) throws Exception {
        return actor.<Integer>ask(Get::new, Duration.ofSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSenderWaitingOnAFullMailboxIsReleasedWhenTheSystemCloses() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        ActorRef<String> stuck = system.spawn("stuck", 1, (context, message) -> {
            started.countDown();
            never.await(30, TimeUnit.SECONDS);
        });
        stuck.tell("first");
        assertThat(started.await(30, TimeUnit.SECONDS)).as("started").isTrue();
        stuck.tell("fills the mailbox");
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                stuck.tell("waits for room");
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sender.getState() == Thread.State.TIMED_WAITING
                || sender.getState() == Thread.State.WAITING);

        system.close();
        sender.join(30_000);

        assertThat(sender.isAlive()).as("sender released").isFalse();
        assertThat(outcome.get()).isInstanceOf(io.multisystem.core.error.FailedPreconditionException.class)
                .hasMessageContaining("stopped");
        never.countDown();
    }
}
