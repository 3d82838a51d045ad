package io.multisystem.kernel.psi;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.cgroup.CgroupLayout;
import io.multisystem.kernel.cgroup.CgroupPath;
import io.multisystem.kernel.nativeio.KernelHelper;
import io.multisystem.kernel.testing.CpuHog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PSI on this machine: reading /proc/pressure, a real system trigger that the kernel fires under CPU contention, and a
 * per-group trigger on a child cgroup the test creates.
 */
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

    /**
     * A trigger on a real child cgroup: the test creates two groups under a managed root of its own, registers a
     * {@code cpu some} trigger on each group's {@code cpu.pressure}, moves two busy-looping processes pinned to CPU 0
     * into one of them and waits for the kernel to fire that group's trigger. The idle sibling (no tasks, so no stall
     * is possible) must not fire, which shows the trigger is per group rather than system-wide.
     */
    @Test
    void aTriggerOnAChildCgroupFiresForPressureInsideThatGroupOnly() throws Exception {
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        CgroupLayout layout = CgroupLayout.detect(Path.of("/sys/fs/cgroup"));
        assumeTrue(layout.unified().isPresent(), "per-group PSI needs a cgroup2 mount; none under /sys/fs/cgroup");
        String root = "ms-kernel-psi-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        KernelAgent agent = new KernelAgent(KernelAgentOptions.live().withManagedRoots(List.of(root)).withRemoveCreatedOnClose(true),
                Clock.systemUTC());
        CpuHog hog = null;
        try {
            try {
                agent.createCgroup(root);
                agent.createCgroup(root + "/busy");
                agent.createCgroup(root + "/idle");
            } catch (PlatformException e) {
                assumeTrue(!KernelErrors.CAPABILITY_MISSING.equals(e.code()), () -> "cannot create cgroups here: " + e.getMessage());
                throw e;
            }
            Path busyPressure = layout.unified().get().mount().resolve(root + "/busy/cpu.pressure");
            assumeTrue(Files.exists(busyPressure), () -> busyPressure + " missing: PSI is disabled for cgroups (cgroup_disable=pressure?)");

            CopyOnWriteArrayList<PressureEvent> busyEvents = new CopyOnWriteArrayList<>();
            CopyOnWriteArrayList<PressureEvent> idleEvents = new CopyOnWriteArrayList<>();
            CopyOnWriteArrayList<PlatformException> errors = new CopyOnWriteArrayList<>();
            // a 2 s window: without CAP_SYS_RESOURCE (absent from this machine's bounding set) windows must be multiples of 2 s
            PressureTrigger trigger = new PressureTrigger("cpu", "some", Duration.ofMillis(100), Duration.ofSeconds(2));
            agent.watchPressure(Optional.of(root + "/busy"), trigger, busyEvents::add, errors::add);
            agent.watchPressure(Optional.of(root + "/idle"), trigger, idleEvents::add, errors::add);

            hog = CpuHog.start();
            for (long pid : hog.pids()) {
                agent.moveProcess(root + "/busy", pid);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (busyEvents.isEmpty() && errors.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(errors).isEmpty();
            assertThat(busyEvents).as("events of the busy group's trigger").isNotEmpty();
            PressureEvent first = busyEvents.get(0);
            assertThat(first.target()).isEqualTo(root + "/busy");
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(first.pressure().resource()).isEqualTo("cpu");
            assertThat(first.pressure().some().totalMicros()).isGreaterThanOrEqualTo(100_000);
            assertThat(idleEvents).as("the idle sibling has no tasks and cannot stall").isEmpty();
            Map<String, Pressure> idle = agent.cgroupPressure(root + "/idle");
            assertThat(idle.get("cpu").some().totalMicros()).isZero();
        } finally {
            if (hog != null) {
                hog.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    if (agent.cgroups().exists(CgroupPath.of(root))) {
                        agent.deleteCgroup(root, true);
                    }
                    break;
                } catch (PlatformException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(100); // exiting tasks leave the group a moment after they are reaped
                }
            }
            agent.close();
        }
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
