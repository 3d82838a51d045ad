package io.multisystem.kernel.grpc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.cgroup.CgroupLayout;
import io.multisystem.kernel.cgroup.CgroupPath;
import io.multisystem.kernel.nativeio.KernelHelper;
import io.multisystem.kernel.testing.CpuHog;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.PressureEvent;
import io.multisystem.kernel.v1.WatchPressureRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * WatchPressure on a real child cgroup through the gRPC adapter (in-process): the stream delivers the kernel's
 * per-group trigger events as they fire and ends after {@code max_events}. Skipped, saying why, where the machine
 * cannot create groups or lacks cgroup2 PSI or the JNI helper.
 */
class PressureGrpcLiveTest {
    @Test
    void aPerGroupTriggerIsStreamedAsEventsAndTheStreamEndsAfterMaxEvents() throws Exception {
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        CgroupLayout layout = CgroupLayout.detect(Path.of("/sys/fs/cgroup"));
        assumeTrue(layout.unified().isPresent(), "per-group PSI needs a cgroup2 mount; none under /sys/fs/cgroup");
        String root = "ms-kernel-psi-grpc-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        KernelAgent agent = new KernelAgent(KernelAgentOptions.live().withManagedRoots(List.of(root)).withRemoveCreatedOnClose(true),
                Clock.systemUTC());
        CpuHog hog = null;
        try (InProcessGrpc grpc = InProcessGrpc.start(new KernelAgentGrpcService(agent, new SimpleMeterRegistry()))) {
            try {
                agent.createCgroup(root);
                agent.createCgroup(root + "/busy");
            } catch (PlatformException e) {
                assumeTrue(!KernelErrors.CAPABILITY_MISSING.equals(e.code()), () -> "cannot create cgroups here: " + e.getMessage());
                throw e;
            }
            Path pressure = layout.unified().get().mount().resolve(root + "/busy/cpu.pressure");
            assumeTrue(Files.exists(pressure), () -> pressure + " missing: PSI is disabled for cgroups");

            Iterator<PressureEvent> events = KernelAgentServiceGrpc.newBlockingStub(grpc.channel())
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .watchPressure(WatchPressureRequest.newBuilder().setCgroup(root + "/busy").setResource("cpu").setKind("some")
                            .setStallMicros(100_000).setWindowMicros(2_000_000).setMaxEvents(2).build());
            hog = CpuHog.start();
            for (long pid : hog.pids()) {
                agent.moveProcess(root + "/busy", pid);
            }
            List<PressureEvent> received = new ArrayList<>();
            events.forEachRemaining(received::add); // ends after max_events (or fails at the deadline)

            assertThat(received).hasSize(2);
            assertThat(received).extracting(PressureEvent::getTarget).containsOnly(root + "/busy");
            assertThat(received).extracting(PressureEvent::getSequence).containsExactly(1L, 2L);
            assertThat(received.get(0).getPressure().getResource()).isEqualTo("cpu");
            assertThat(received.get(1).getPressure().getSome().getTotalMicros())
                    .isGreaterThanOrEqualTo(received.get(0).getPressure().getSome().getTotalMicros());
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
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            agent.close();
        }
    }
}
