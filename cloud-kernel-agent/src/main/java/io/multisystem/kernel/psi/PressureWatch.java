package io.multisystem.kernel.psi;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelFiles;
import io.multisystem.kernel.nativeio.KernelHelper;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One registered PSI trigger and the thread that waits on it. The trigger is written to the pressure file through the
 * JNI helper, which keeps the fd open (closing it unregisters the trigger); the thread blocks in {@code poll(POLLPRI)}
 * with a short timeout only to notice {@link #close()}, so events are pushed by the kernel, not found by polling the
 * averages. On each wake-up the current pressure is read and handed to the listener with a sequence number.
 */
public final class PressureWatch implements AutoCloseable {
    private static final int WAIT_SLICE_MILLIS = 200;
    private final KernelHelper helper;
    private final int fd;
    private final Thread thread;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private PressureWatch(KernelHelper helper, int fd, String target, Path file, PressureTrigger trigger, Clock clock,
                          Consumer<PressureEvent> listener, Consumer<PlatformException> onError) {
        this.helper = helper;
        this.fd = fd;
        this.thread = new Thread(() -> run(target, file, trigger, clock, listener, onError), "psi-" + trigger.resource());
        this.thread.setDaemon(true);
    }

    /** Registers the trigger on {@code pressureFile} and starts waiting; errors from registration are thrown here. */
    public static PressureWatch start(KernelHelper helper, String target, Path pressureFile, PressureTrigger trigger, Clock clock,
                                      Consumer<PressureEvent> listener, Consumer<PlatformException> onError) {
        int fd = helper.psiTriggerOpen(pressureFile, trigger.triggerLine());
        PressureWatch watch = new PressureWatch(helper, fd, target, pressureFile, trigger, clock, listener, onError);
        watch.thread.start();
        return watch;
    }

    private void run(String target, Path file, PressureTrigger trigger, Clock clock, Consumer<PressureEvent> listener,
                     Consumer<PlatformException> onError) {
        long sequence = 0;
        try {
            while (open.get()) {
                if (helper.psiWait(fd, WAIT_SLICE_MILLIS) && open.get()) {
                    Pressure now = PressureReader.parse(trigger.resource(), KernelFiles.read(file).orElse(""));
                    listener.accept(new PressureEvent(clock.instant(), target, trigger, now, ++sequence));
                }
            }
        } catch (PlatformException e) {
            if (open.get()) {
                onError.accept(e);
            }
        } finally {
            if (open.compareAndSet(true, false)) {
                helper.close(fd);
            }
        }
    }

    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            try {
                thread.join(WAIT_SLICE_MILLIS * 5L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            helper.close(fd);
        }
    }
}
