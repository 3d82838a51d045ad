package io.multisystem.kernel.psi;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.kernel.nativeio.KernelHelper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PSI on this machine: reading /proc/pressure and a real trigger that the kernel fires under CPU contention. */
class PressureLiveTest {
    @Test
    void readsSystemPressureForEveryResource() {
        assumeTrue(Files.exists(Path.of("/proc/pressure/cpu")), "PSI not available: /proc/pressure/cpu missing (psi=0?)");

        Map<String, Pressure> all = new PressureReader(Path.of("/proc")).system();

        assertThat(all).containsKeys("cpu", "memory", "io");
        assertThat(all.get("memory").full()).isPresent();
        assertThat(all.get("cpu").some().totalMicros()).isNotNegative();
    }

    @Test
    void aTriggerFiresWhenCpuContentionExceedsTheThreshold() throws Exception {
        // a 2 s window also works without CAP_SYS_RESOURCE (unprivileged triggers need multiples of 2 s)
        assumeTrue(Files.exists(Path.of("/proc/pressure/cpu")), "PSI not available: /proc/pressure/cpu missing");
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        CopyOnWriteArrayList<PressureEvent> events = new CopyOnWriteArrayList<>();
        PressureTrigger trigger = new PressureTrigger("cpu", "some", Duration.ofMillis(20), Duration.ofSeconds(2));
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread[] burners = new Thread[Runtime.getRuntime().availableProcessors() + 1];
        try (PressureWatch watch = PressureWatch.start(KernelHelper.get(), "system", Path.of("/proc/pressure/cpu"), trigger,
                Clock.systemUTC(), events::add, e -> { })) {
            for (int i = 0; i < burners.length; i++) {
                burners[i] = new Thread(() -> {
                    long x = 0;
                    while (spin.get()) {
                        x += System.nanoTime() % 7;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                });
                burners[i].setDaemon(true);
                burners[i].start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(watch.isOpen()).isTrue();
        } finally {
            spin.set(false);
            for (Thread t : burners) {
                if (t != null) {
                    t.join(2000);
                }
            }
        }
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).target()).isEqualTo("system");
        assertThat(events.get(0).sequence()).isEqualTo(1);
        assertThat(events.get(0).pressure().resource()).isEqualTo("cpu");
    }

    @Test
    void triggerValuesOutsideTheKernelsRangeAreRejectedBeforeAnyRegistration() {
        assertThatThrownBy(() -> new PressureTrigger("cpu", "some", Duration.ofMillis(100), Duration.ofMillis(100)).triggerLine())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> new PressureTrigger("disk", "most", Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resource").hasMessageContaining("kind").hasMessageContaining("stall");
        assertThat(new PressureTrigger("memory", "full", Duration.ofMillis(150), Duration.ofSeconds(1)).triggerLine())
                .isEqualTo("full 150000 1000000");
    }
}
